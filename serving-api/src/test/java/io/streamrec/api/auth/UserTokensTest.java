package io.streamrec.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserTokensTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    /** Computed independently with Python's hmac module (docs/security.md shows the same code). */
    static final String VECTOR = "v1.k1.dXNlci00Mg.1900000000.581b58HWbksNRgq4-e_urXroMf-iJLWqxeqy9l5x2I8";

    final AtomicLong now = new AtomicLong(1_899_990_000_000L); // ms; the vector expires 10,000 s later

    UserTokens tokens(Map<String, byte[]> keys, long maxTtl) {
        return new UserTokens(keys, maxTtl, now::get);
    }

    static Map<String, byte[]> keys(String... kidSecret) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kidSecret.length; i += 2) {
            m.put(kidSecret[i], kidSecret[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void signsLikeTheReferenceAndVerifiesIt() throws Exception {
        assertThat(UserTokens.sign("k1", SECRET.getBytes(StandardCharsets.UTF_8), "user-42", 1_900_000_000L)).isEqualTo(VECTOR);
        UserTokens.Verified v = tokens(keys("k1", SECRET), 86_400).verify(VECTOR);
        assertThat(v.userId()).isEqualTo("user-42");
        assertThat(v.expiresAt()).isEqualTo(1_900_000_000L);
        assertThat(v.kid()).isEqualTo("k1");
    }

    @Test
    void refusesForgedExpiredTooLongAndUnknownKeyTokens() {
        UserTokens t = tokens(keys("k1", SECRET), 86_400);
        String otherUser = VECTOR.replace("dXNlci00Mg", "dXNlci00Mw"); // user-43 with user-42's signature
        assertThatThrownBy(() -> t.verify(otherUser)).hasMessage("bad signature");
        String longer = VECTOR.replace(".1900000000.", ".1900000001.");
        assertThatThrownBy(() -> t.verify(longer)).hasMessage("bad signature");
        assertThatThrownBy(() -> t.verify(VECTOR.replace("v1.k1.", "v1.k2."))).hasMessage("unknown kid");
        assertThatThrownBy(() -> t.verify("v2" + VECTOR.substring(2))).hasMessage("not a v1 token");
        assertThatThrownBy(() -> t.verify("garbage")).hasMessage("not a v1 token");
        assertThatThrownBy(() -> t.verify(VECTOR.substring(0, VECTOR.length() - 1) + "*")).isInstanceOf(UserTokens.InvalidTokenException.class);
        assertThatThrownBy(() -> t.verify(null)).hasMessage("missing or oversized token");
        assertThatThrownBy(() -> tokens(keys("k1", SECRET), 9_999).verify(VECTOR))
                .hasMessage("valid for longer than api.token-max-ttl-seconds");
        now.set(1_900_000_000_000L);
        assertThatThrownBy(() -> t.verify(VECTOR)).hasMessage("expired");
    }

    @Test
    void twoKeysVerifyDuringARotationAndTheFirstSigns() throws Exception {
        String newSecret = "fedcba9876543210fedcba9876543210";
        UserTokens rotating = tokens(keys("k2", newSecret, "k1", SECRET), 86_400);
        assertThat(rotating.verify(VECTOR).userId()).isEqualTo("user-42");
        String minted = rotating.mint("ü/ser 1");
        assertThat(minted).startsWith("v1.k2.");
        assertThat(rotating.verify(minted).userId()).isEqualTo("ü/ser 1");
        assertThat(rotating.verify(minted).expiresAt()).isEqualTo(now.get() / 1000 + 86_400);
        assertThatThrownBy(() -> tokens(keys("k1", SECRET), 86_400).verify(minted)).hasMessage("unknown kid");
    }

    @Test
    void parsesConfiguredKeysAndNamesTheProblemWithoutTheSecret() {
        assertThat(UserTokens.parseKeys("k2:" + SECRET + "x, k1:" + SECRET).keySet()).containsExactly("k2", "k1");
        assertThat(UserTokens.parseKeys("")).isEmpty();
        assertThatThrownBy(() -> UserTokens.parseKeys("k1:short")).hasMessage("the secret of kid k1 must be at least 32 characters (it has 5)");
        assertThatThrownBy(() -> UserTokens.parseKeys(SECRET)).hasMessageContaining("kid:secret").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> UserTokens.parseKeys("k 1:" + SECRET)).hasMessageContaining("kid:secret");
        assertThatThrownBy(() -> UserTokens.parseKeys("k1:" + SECRET + ",k1:" + SECRET)).hasMessage("kid k1 appears twice");
    }
}

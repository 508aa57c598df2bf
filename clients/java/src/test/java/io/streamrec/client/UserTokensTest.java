package io.streamrec.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserTokensTest {
    /*
     * Vectors computed outside Java:
     *   printf 'v1.k1.YWxpY2U.1767225600' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -binary \
     *     | basenc --base64url | tr -d '='
     * and the second with Python's hmac, hashlib.sha256 and base64.urlsafe_b64encode (padding stripped).
     */
    @Test
    void matchesIndependentlyComputedVectors() {
        assertThat(UserTokens.mint("k1", "0123456789abcdef0123456789abcdef", "alice",
                Instant.ofEpochSecond(1767225600)))
                .isEqualTo("v1.k1.YWxpY2U.1767225600.jHYoVSjHMsVaka0aLghgNvXruY3XQaeUfvM5C0eZB90");
        assertThat(UserTokens.mint("2026-12", "a-32-character-secret-for-tests!", "ユーザー/42?",
                Instant.ofEpochSecond(1800000000)))
                .isEqualTo("v1.2026-12.44Om44O844K244O8LzQyPw.1800000000.Hb8I38_0DAQwDU-u1317v4u292xQgbRPyN7jFGp3l3c");
    }

    @Test
    void bytesAndStringSecretsAgreeAndExpiryIsWholeSeconds() {
        String secret = "0123456789abcdef0123456789abcdef";
        assertThat(UserTokens.mint("k1", secret.getBytes(StandardCharsets.UTF_8), "alice",
                Instant.ofEpochSecond(1767225600, 999_999_999)))
                .isEqualTo(UserTokens.mint("k1", secret, "alice", Instant.ofEpochSecond(1767225600)));
    }

    @Test
    void differentSecretsGiveDifferentSignatures() {
        Instant exp = Instant.ofEpochSecond(1767225600);
        String a = UserTokens.mint("k1", "0123456789abcdef0123456789abcdef", "alice", exp);
        String b = UserTokens.mint("k1", "0123456789abcdef0123456789abcdeF", "alice", exp);
        assertThat(a.substring(0, a.lastIndexOf('.'))).isEqualTo(b.substring(0, b.lastIndexOf('.')));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void refusesWhatTheApiCouldNotVerify() {
        Instant exp = Instant.ofEpochSecond(1767225600);
        assertThatThrownBy(() -> UserTokens.mint("k.1", "secret", "alice", exp)).hasMessageContaining("kid");
        assertThatThrownBy(() -> UserTokens.mint("", "secret", "alice", exp)).hasMessageContaining("kid");
        assertThatThrownBy(() -> UserTokens.mint("k".repeat(33), "secret", "alice", exp)).hasMessageContaining("kid");
        assertThatThrownBy(() -> UserTokens.mint("k1", "", "alice", exp)).hasMessageContaining("secret");
        assertThatThrownBy(() -> UserTokens.mint("k1", "secret", "", exp)).hasMessageContaining("userId");
        assertThatThrownBy(() -> UserTokens.mint("k1", "secret", "alice", Instant.EPOCH)).hasMessageContaining("expiry");
    }
}

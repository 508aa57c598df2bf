package io.streamrec.api.auth;

import io.javalin.http.HttpStatus;
import io.streamrec.api.error.ApiException;
import java.security.SecureRandom;
import java.util.Base64;

/** Mints the API's own user tokens: anonymous ids for visitors, and any user's token on the local demo. */
public final class TokenService {
    /** Prefix of anonymous ids, so that they never collide with a shop's own user ids by accident. */
    public static final String ANONYMOUS_PREFIX = "anon-";
    private final UserTokens tokens;
    private final SecureRandom random = new SecureRandom();

    public TokenService(UserTokens tokens) {
        this.tokens = tokens;
    }

    /** A new random id (128 bits) with a token for it: the token is what makes the id the visitor's own. */
    public UserTokenResponse anonymous() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return forUser(ANONYMOUS_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    public UserTokenResponse forUser(String userId) {
        if (!tokens.canSign()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "this API has no signing key (api.token-keys)");
        }
        long exp = tokens.expiryFromNow();
        return new UserTokenResponse(userId, tokens.mint(userId, exp), exp);
    }
}

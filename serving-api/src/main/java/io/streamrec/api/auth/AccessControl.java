package io.streamrec.api.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.event.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call what. Secret keys ({@code X-API-Key}): admin does everything, write sends events and
 * reads, read reads. A publishable key (safe in a page) with a user token ({@code Authorization:
 * Bearer}) sends that user's events of the allowed types and reads that user's recommendations; it is
 * refused from an {@code Origin} outside {@code api.allowed-origins} and rate-limited per key. A user
 * token alone reads its user's recommendations. Failures never say which part of a token was wrong.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    public static final String BEARER = "Bearer ";
    private static final String CALLER_ATTRIBUTE = "streamrec.caller";
    static final String INVALID_TOKEN = "missing, invalid or expired user token";

    /** What a route needs. */
    public enum Route {
        /** The catalogue, forgetting users: an admin key. */
        ADMIN,
        /** Sending events: a write or admin key, or a publishable key with a user token. */
        EVENTS,
        /** Items, similar items, trending: open unless read keys are configured, then any key. */
        READ,
        /** One user's recommendations (path parameter {@code userId}): a secret key or that user's token. */
        USER,
        /** Minting an anonymous id: a publishable or secret key. */
        KEYED,
        /** Experiments and their results: any secret key (read, write or admin), never a publishable key. */
        SECRET
    }

    private final ApiKeys keys;
    private final UserTokens tokens;
    private final RateLimiter limiter;
    private final List<String> allowedOrigins;
    private final Set<EventType> publishableTypes;
    private final boolean userReadsOpen;
    private final RateLimiter keyLimiter;
    private final RateLimiter ipLimiter;
    private final String clientIpHeader;

    public AccessControl(ApiKeys keys, UserTokens tokens, RateLimiter limiter, AuthSettings s, Limits limits) {
        this.keys = keys;
        this.tokens = tokens;
        this.limiter = limiter;
        this.allowedOrigins = List.copyOf(s.allowedOrigins());
        this.publishableTypes = s.publishableEventTypes().isEmpty() ? Set.of() : EnumSet.copyOf(s.publishableEventTypes());
        this.userReadsOpen = s.userReadsOpen();
        this.keyLimiter = limits.keyRatePerSecond() > 0 ? new RateLimiter(limits.keyRatePerSecond(), System::nanoTime) : null;
        this.ipLimiter = limits.ipRatePerSecond() > 0 ? new RateLimiter(limits.ipRatePerSecond(), System::nanoTime) : null;
        this.clientIpHeader = limits.clientIpHeader();
    }

    /** Before every /v1 request: the client address's rate (api.ip-rate-limit). */
    public void limitClientAddress(Context ctx) {
        if (ipLimiter == null) {
            return;
        }
        String ip = null;
        if (!clientIpHeader.isEmpty() && ctx.header(clientIpHeader) != null) {
            ip = ctx.header(clientIpHeader).split(",")[0].trim();
        }
        if (ip == null || ip.isEmpty()) {
            ip = ctx.ip();
        }
        throttle(ipLimiter.acquire("ip:" + ip), "from this address");
    }

    private static void throttle(int wait, String what) {
        if (wait > 0) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too many requests " + what + "; retry after "
                    + wait + " s", null, wait);
        }
    }

    /** Wraps {@code handler} so that it runs only for a caller that {@code route} admits. */
    public Handler require(Route route, Handler handler) {
        return ctx -> {
            ctx.attribute(CALLER_ATTRIBUTE, admit(ctx, route));
            handler.handle(ctx);
        };
    }

    /** The caller {@link #require} admitted for this request. */
    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER_ATTRIBUTE);
        if (c == null) {
            throw new IllegalStateException("route without access control");
        }
        return c;
    }

    Caller admit(Context ctx, Route route) {
        String presented = ctx.header(ApiKeys.HEADER);
        ApiKeys.Kind kind = keys.kind(presented);
        if (kind == ApiKeys.Kind.UNKNOWN) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unknown API key");
        }
        if (kind == ApiKeys.Kind.PUBLISHABLE) {
            checkPublishable(ctx, presented);
        } else if (kind.secret() && keyLimiter != null) {
            throttle(keyLimiter.acquire(ApiKeys.fingerprint(presented)), "with this key");
        }
        return switch (route) {
            case ADMIN -> {
                if (kind != ApiKeys.Kind.ADMIN) {
                    throw denied(kind, "this API key may not change the catalogue or experiments or forget users "
                            + "(an admin key is needed)");
                }
                yield secret(kind);
            }
            case EVENTS -> switch (kind) {
                case ADMIN, WRITE -> secret(kind);
                case PUBLISHABLE -> new Caller(kind, verify(bearer(ctx)).userId(), publishableTypes);
                default -> throw denied(kind, "this API key may not send events (a write key is needed)");
            };
            case READ -> {
                if (kind == ApiKeys.Kind.NONE && keys.readKeysConfigured()) {
                    throw needsKey();
                }
                yield secret(kind);
            }
            case USER -> userRead(ctx, kind);
            case KEYED -> {
                if (kind == ApiKeys.Kind.NONE) {
                    throw needsKey();
                }
                yield secret(kind);
            }
            case SECRET -> {
                if (!kind.secret()) {
                    throw denied(kind, "experiments need a secret API key (a publishable key may not read them)");
                }
                yield secret(kind);
            }
        };
    }

    /** For {@code POST /v1/events/beacon}, whose credentials come in the body (a beacon cannot set headers). */
    public Caller admitBeacon(Context ctx, String key, String token) {
        if (keys.kind(key) != ApiKeys.Kind.PUBLISHABLE) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "a beacon needs a publishable key in \"key\"");
        }
        checkPublishable(ctx, key);
        return new Caller(ApiKeys.Kind.PUBLISHABLE, verify(token).userId(), publishableTypes);
    }

    private Caller userRead(Context ctx, ApiKeys.Kind kind) {
        if (kind.secret()) {
            return secret(kind);
        }
        String token = bearer(ctx);
        if (token == null) {
            if (userReadsOpen && !(kind == ApiKeys.Kind.NONE && keys.readKeysConfigured())) {
                return secret(kind);
            }
            throw new ApiException(HttpStatus.UNAUTHORIZED, "a user's recommendations need a secret key in the "
                    + ApiKeys.HEADER + " header or that user's token in Authorization: Bearer");
        }
        UserTokens.Verified v = verify(token);
        if (!v.userId().equals(ctx.pathParam("userId"))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this user token is for another user");
        }
        return new Caller(kind, v.userId(), Set.of());
    }

    private void checkPublishable(Context ctx, String key) {
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "this key may not be used from this origin");
        }
        throttle(limiter.acquire(ApiKeys.fingerprint(key)), "with this key");
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? h.substring(BEARER.length()).trim() : null;
    }

    private UserTokens.Verified verify(String token) {
        try {
            return tokens.verify(token);
        } catch (UserTokens.InvalidTokenException e) {
            LOG.debug("user token refused: {}", e.getMessage());
            throw new ApiException(HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
        }
    }

    private static Caller secret(ApiKeys.Kind kind) {
        return new Caller(kind, null, EnumSet.allOf(EventType.class));
    }

    private static ApiException needsKey() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "this endpoint needs an API key in the " + ApiKeys.HEADER + " header");
    }

    private static ApiException denied(ApiKeys.Kind kind, String why) {
        return kind == ApiKeys.Kind.NONE ? needsKey() : new ApiException(HttpStatus.FORBIDDEN, why);
    }
}

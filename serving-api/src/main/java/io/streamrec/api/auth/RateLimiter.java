package io.streamrec.api.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key: each key may make {@code perSecond} requests a second on this process, in
 * bursts of up to {@code perSecond}. Refill is computed on use, so idle keys cost nothing.
 */
public final class RateLimiter {
    private final double perSecond;
    private final LongSupplier clockNanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(double perSecond, LongSupplier clockNanos) {
        this.perSecond = perSecond;
        this.clockNanos = clockNanos;
    }

    /** 0 when the request may go ahead, else the whole seconds to wait before the next one would. */
    public int acquire(String key) {
        long now = clockNanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perSecond, now));
        synchronized (b) {
            b.tokens = Math.min(perSecond, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (int) Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}

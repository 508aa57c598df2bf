package io.streamrec.core.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.UnifiedJedis;

/**
 * The versions of a user's values in Redis: each value the job writes for a user (the vector, the lists,
 * the re-purchase cycles) starts with its version, a little-endian int64 (the events it learned from),
 * which the job's scripts compare before they write. Read here with {@code GETRANGE key 0 7}, without
 * fetching the value: what tools, benchmarks and tests wait on.
 */
public final class UserValueVersions {
    private UserValueVersions() {}

    /** The version of the user's vector ({@link RedisKeys#userVector}), 0 when there is none. */
    public static long vector(UnifiedJedis redis, String userId) {
        return of(redis, RedisKeys.userVector(userId));
    }

    /** The version of the user's lists ({@link RedisKeys#userLists}), 0 when there are none. */
    public static long lists(UnifiedJedis redis, String userId) {
        return of(redis, RedisKeys.userLists(userId));
    }

    /** The version of the value at {@code key} (one of a user's), 0 when there is none. */
    public static long of(UnifiedJedis redis, String key) {
        return parse(redis.getrange(key.getBytes(StandardCharsets.UTF_8), 0, 7));
    }

    /** The version in a value's first 8 bytes, 0 when there are fewer (no value). */
    private static long parse(byte[] head) {
        if (head == null || head.length < 8) {
            return 0;
        }
        return ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}

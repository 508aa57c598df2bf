package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRecentItems;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a user's ranked recent items, bought items and category interests with the version-guarded
 * Lua script; a forgotten user's tombstone deletes them and this sink's fields of the user's meta hash
 * (each of the user's sinks removes its own; the API's forget-user has deleted every key already).
 */
public final class RecentItemsMutation implements RedisMutation<UserRecentItems> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;

    public RecentItemsMutation(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String coalesceKey(UserRecentItems u) {
        return u.userId;
    }

    @Override
    public void write(PipelineBatch p, UserRecentItems u, ScriptShas scripts) {
        if (u.isForgotten()) {
            // only what this sink writes: the vector and buy-again sinks write other fields of the same meta
            // hash, and a tombstone here must not wipe what they wrote for an event after it (the API has
            // deleted every key of the user already)
            p.del(RedisKeys.userRecentItems(u.userId), RedisKeys.userBought(u.userId), RedisKeys.userInterests(u.userId));
            p.hdel(RedisKeys.userMeta(u.userId), RedisKeys.META_RECENT_VERSION, RedisKeys.META_RECENT_REF_TS,
                    RedisKeys.META_UPDATED_AT);
            return;
        }
        List<String> args = new ArrayList<>(5 + 2 * u.items.length + 2 * u.bought.length);
        args.add(Long.toString(u.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        args.add(Integer.toString(u.items.length));
        args.add(Integer.toString(u.bought.length));
        for (int i = 0; i < u.items.length; i++) {
            args.add(Double.toString(u.scores[i]));
            args.add(u.items[i]);
        }
        for (int i = 0; i < u.bought.length; i++) {
            args.add(Long.toString(u.boughtTs[i]));
            args.add(u.bought[i]);
        }
        if (u.categories != null) {
            for (int i = 0; i < u.categories.length; i++) {
                args.add(u.categories[i]);
                args.add(RedisKeys.interestValue(u.shortInterest[i], u.longInterest[i]));
            }
        }
        p.evalsha(scripts.sha(RedisScripts.REPLACE_RECENT_ITEMS), List.of(RedisKeys.userRecentItems(u.userId),
                RedisKeys.userMeta(u.userId), RedisKeys.userBought(u.userId), RedisKeys.userInterests(u.userId)), args);
    }
}

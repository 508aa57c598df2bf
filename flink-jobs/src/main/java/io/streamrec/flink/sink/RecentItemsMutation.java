package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRecentItems;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;

/** Writes a user's ranked recent items with the version-guarded Lua script. */
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
    public void write(AbstractPipeline p, UserRecentItems u, ScriptShas scripts) {
        List<String> args = new ArrayList<>(4 + 2 * u.items.length);
        args.add(Long.toString(u.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        for (int i = 0; i < u.items.length; i++) {
            args.add(Double.toString(u.scores[i]));
            args.add(u.items[i]);
        }
        p.evalsha(scripts.sha(RedisScripts.REPLACE_RECENT_ITEMS),
                List.of(RedisKeys.userRecentItems(u.userId), RedisKeys.userMeta(u.userId)), args);
    }
}

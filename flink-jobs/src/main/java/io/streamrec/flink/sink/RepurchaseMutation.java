package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.interest.UserRepurchase;
import java.util.List;

/**
 * Writes a user's re-purchase cycles to {@code sr:{u:<id>}:rebuy} (binary, its version in its header) with
 * the version-guarded Lua script, the users of a flush in few calls; a forgotten user's tombstone deletes
 * the key and the meta fields earlier releases kept its version in.
 */
public final class RepurchaseMutation implements RedisMutation<UserRepurchase> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;

    public RepurchaseMutation(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String coalesceKey(UserRepurchase u) {
        return u.userId;
    }

    @Override
    public void write(PipelineBatch p, UserRepurchase u, ScriptShas scripts) {
        writeAll(p, List.of(u), scripts);
    }

    /** The users' cycles in few script calls ({@link UserValueWrites}); a tombstone deletes the user's. */
    @Override
    public void writeAll(PipelineBatch p, List<UserRepurchase> updates, ScriptShas scripts) {
        UserValueWrites writes = new UserValueWrites(p, scripts, ttlSeconds, RedisKeys.META_REBUY);
        for (UserRepurchase u : updates) {
            if (u.isForgotten()) {
                writes.forget(u.userId, RedisKeys.userRebuy(u.userId));
            } else {
                writes.write(RedisKeys.userRebuy(u.userId), u.encoded);
            }
        }
        writes.send();
    }
}

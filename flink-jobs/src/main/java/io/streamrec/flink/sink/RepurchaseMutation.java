package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRepurchase;
import java.util.List;

/**
 * Writes a user's re-purchase cycles to {@code sr:{u:<id>}:rebuy} (binary) with the version-guarded
 * Lua script; a forgotten user's tombstone deletes the key and the user's meta hash.
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
        if (u.isForgotten()) {
            p.del(RedisKeys.userRebuy(u.userId)); // and only this sink's fields of the shared meta hash
            p.hdel(RedisKeys.userMeta(u.userId), RedisKeys.META_REBUY_VERSION, "rebuy.updatedAt");
            return;
        }
        String now = Long.toString(System.currentTimeMillis());
        p.evalsha(VectorMutations.utf8(scripts.sha(RedisScripts.WRITE_USER_REBUY)),
                List.of(VectorMutations.utf8(RedisKeys.userRebuy(u.userId)), VectorMutations.utf8(RedisKeys.userMeta(u.userId))),
                List.of(VectorMutations.utf8(Long.toString(u.version)), u.encoded,
                        VectorMutations.utf8(Long.toString(ttlSeconds)), VectorMutations.utf8(now)));
    }
}

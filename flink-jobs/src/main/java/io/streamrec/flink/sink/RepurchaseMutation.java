package io.streamrec.flink.sink;

import static io.streamrec.flink.sink.VectorMutations.utf8;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRepurchase;
import java.util.List;

/**
 * Writes a user's re-purchase cycles to {@code sr:{u:<id>}:rebuy} (binary) with the version-guarded
 * Lua script, the users of a flush in few calls; a forgotten user's tombstone deletes the key and this
 * sink's fields of the user's meta hash.
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

    /** The users' cycles in few script calls ({@link UserScriptCalls}); a tombstone deletes the user's. */
    @Override
    public void writeAll(PipelineBatch p, List<UserRepurchase> updates, ScriptShas scripts) {
        UserScriptCalls calls = new UserScriptCalls(p, utf8(scripts.sha(RedisScripts.WRITE_USER_VALUE)),
                List.of(utf8(Long.toString(ttlSeconds)), utf8(Long.toString(System.currentTimeMillis())),
                        utf8(RedisKeys.META_REBUY)));
        for (UserRepurchase u : updates) {
            if (u.isForgotten()) {
                p.del(RedisKeys.userRebuy(u.userId)); // and only this sink's fields of the shared meta hash
                p.hdel(RedisKeys.userMeta(u.userId), RedisKeys.META_REBUY_VERSION, "rebuy.updatedAt");
                continue;
            }
            String key = RedisKeys.userRebuy(u.userId);
            calls.add(List.of(utf8(key), utf8(RedisKeys.userMeta(u.userId))),
                    List.of(utf8(Long.toString(u.version)), u.encoded), key);
        }
        calls.send();
    }
}

package io.streamrec.flink.sink;

import static io.streamrec.flink.sink.VectorMutations.utf8;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import java.util.List;

/**
 * One flush's writes of a user value kept as one binary key beside the user's meta hash (the vector, the
 * re-purchase cycles): version-guarded by {@code write_user_value.lua} under the meta fields
 * {@code <prefix>.version} and {@code <prefix>.updatedAt}, many users per script call
 * ({@link UserScriptCalls}). A forgotten user's key goes with only this value's meta fields: the user's
 * other sinks write other fields of the same hash, and a tombstone must not wipe what they wrote since.
 */
final class UserValueWrites {
    private final PipelineBatch pipeline;
    private final String prefix;
    private final UserScriptCalls calls;

    UserValueWrites(PipelineBatch pipeline, ScriptShas scripts, long ttlSeconds, long now, String prefix) {
        this.pipeline = pipeline;
        this.prefix = prefix;
        this.calls = new UserScriptCalls(pipeline, utf8(scripts.sha(RedisScripts.WRITE_USER_VALUE)),
                List.of(utf8(Long.toString(ttlSeconds)), utf8(Long.toString(now)), utf8(prefix)));
    }

    /** The user's value at {@code key}, unless Redis holds a newer version. */
    void write(String userId, String key, long version, byte[] value) {
        calls.add(List.of(utf8(key), utf8(RedisKeys.userMeta(userId))), List.of(utf8(Long.toString(version)), value), key);
    }

    /** Deletes the user's value at {@code key} and this value's fields of the user's meta hash. */
    void forget(String userId, String key) {
        pipeline.del(key);
        pipeline.hdel(RedisKeys.userMeta(userId), prefix + ".version", prefix + ".updatedAt");
    }

    /** Sends the script calls not yet sent. */
    void send() {
        calls.send();
    }
}

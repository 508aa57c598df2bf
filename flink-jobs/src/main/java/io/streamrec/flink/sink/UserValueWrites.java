package io.streamrec.flink.sink;

import static io.streamrec.flink.sink.VectorMutations.utf8;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import java.util.List;

/**
 * One flush's writes of a user value kept as one binary key (the vector, the re-purchase cycles) whose
 * first 8 bytes are its version: version-guarded by {@code write_user_value.lua}, which reads the stored
 * version from the key itself, many users per script call ({@link UserScriptCalls}). A forgotten user's
 * key goes with the fields {@code <prefix>.version} and {@code <prefix>.updatedAt} of the user's meta hash,
 * where earlier releases kept the value's version (not the hash: the user's other sinks' tombstones
 * remove their own fields).
 */
final class UserValueWrites {
    private final PipelineBatch pipeline;
    private final String prefix;
    private final UserScriptCalls calls;

    UserValueWrites(PipelineBatch pipeline, ScriptShas scripts, long ttlSeconds, String prefix) {
        this.pipeline = pipeline;
        this.prefix = prefix;
        this.calls = new UserScriptCalls(pipeline, utf8(scripts.sha(RedisScripts.WRITE_USER_VALUE)),
                List.of(utf8(Long.toString(ttlSeconds))));
    }

    /** The user's value at {@code key} (its version in its first 8 bytes), unless Redis holds a newer version. */
    void write(String key, byte[] value) {
        calls.add(List.of(utf8(key)), List.of(value), key);
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

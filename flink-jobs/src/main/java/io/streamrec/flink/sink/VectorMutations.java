package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.flink.learn.VectorUpdate;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Redis writes of user and item vectors: binary float32, version-guarded Lua, change feed for items. */
public final class VectorMutations {
    private VectorMutations() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sr:{u:<id>}:vec}, unless a newer version is stored; a tombstone deletes it. */
    public static final class UserVectors implements RedisMutation<VectorUpdate> {
        private static final long serialVersionUID = 1L;
        private final long ttlSeconds;

        public UserVectors(long ttlSeconds) {
            this.ttlSeconds = ttlSeconds;
        }

        @Override
        public String coalesceKey(VectorUpdate u) {
            return u.id;
        }

        @Override
        public void write(PipelineBatch p, VectorUpdate u, ScriptShas scripts) {
            writeAll(p, List.of(u), scripts);
        }

        /** The users' vectors in few script calls ({@link UserValueWrites}); a tombstone deletes the user's. */
        @Override
        public void writeAll(PipelineBatch p, List<VectorUpdate> updates, ScriptShas scripts) {
            long now = System.currentTimeMillis();
            UserValueWrites writes = new UserValueWrites(p, scripts, ttlSeconds, RedisKeys.META_VECTOR);
            for (VectorUpdate u : updates) {
                if (u.isForgotten()) {
                    writes.forget(u.id, RedisKeys.userVector(u.id));
                } else {
                    writes.write(RedisKeys.userVector(u.id), VectorCodec.encode(u.vec, u.version, now));
                }
            }
            writes.send();
        }
    }

    /**
     * {@code sr:{items}:vec} and {@code sr:{items}:ctx} fields, unless a newer version is stored,
     * announced on the change feed: one entry per script call, for its items written.
     */
    public static final class ItemVectors implements RedisMutation<VectorUpdate> {
        private static final long serialVersionUID = 1L;
        static final int PER_CALL = 64;
        private static final List<byte[]> KEYS = List.of(utf8(RedisKeys.ITEM_VECTORS), utf8(RedisKeys.ITEM_CHANGES),
                utf8(RedisKeys.ITEM_CONTEXT_VECTORS));
        private final long feedMaxLen;

        public ItemVectors(long feedMaxLen) {
            this.feedMaxLen = feedMaxLen;
        }

        @Override
        public String coalesceKey(VectorUpdate u) {
            return u.id;
        }

        @Override
        public void write(PipelineBatch p, VectorUpdate u, ScriptShas scripts) {
            writeAll(p, List.of(u), scripts);
        }

        /** All item keys share the {items} slot, so one script call writes up to {@link #PER_CALL} items. */
        @Override
        public void writeAll(PipelineBatch p, List<VectorUpdate> updates, ScriptShas scripts) {
            long now = System.currentTimeMillis();
            for (int from = 0; from < updates.size(); from += PER_CALL) {
                List<VectorUpdate> chunk = updates.subList(from, Math.min(updates.size(), from + PER_CALL));
                List<byte[]> args = new java.util.ArrayList<>(1 + 4 * chunk.size());
                args.add(utf8(Long.toString(Math.max(1, feedMaxLen / PER_CALL)))); // entries of up to PER_CALL items
                for (VectorUpdate u : chunk) {
                    args.add(utf8(u.id));
                    args.add(utf8(Long.toString(u.version)));
                    args.add(VectorCodec.encode(u.vec, u.version, now));
                    args.add(VectorCodec.encode(u.ctx, u.version, now));
                }
                p.evalsha(utf8(scripts.sha(RedisScripts.WRITE_ITEM_VECTORS)), KEYS, args);
            }
        }
    }
}

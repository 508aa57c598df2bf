package io.streamrec.flink.sink;

import static io.streamrec.flink.sink.VectorMutations.utf8;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.blend.BlendWeightsUpdate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The blend's weights into {@code sr:{blend}:weights} ({@code write_blend_weights.lua}): whole, guarded by
 * the learner's lineage and version, so a replay after a restore never puts older weights back. The
 * newest update of a batch wins.
 */
public final class BlendWeightsMutation implements RedisMutation<BlendWeightsUpdate> {
    private static final long serialVersionUID = 1L;
    private static final List<byte[]> KEYS = List.of(utf8(RedisKeys.BLEND_WEIGHTS));

    @Override
    public String coalesceKey(BlendWeightsUpdate u) {
        return RedisKeys.BLEND_WEIGHTS;
    }

    @Override
    public void write(PipelineBatch p, BlendWeightsUpdate u, ScriptShas scripts) {
        String steps = LongStream.of(u.steps).mapToObj(Long::toString).collect(Collectors.joining(","));
        p.evalsha(utf8(scripts.sha(RedisScripts.WRITE_BLEND_WEIGHTS)), KEYS, List.of(utf8(u.lineage),
                utf8(Long.toString(u.version)), u.weights, utf8(steps), utf8(Long.toString(System.currentTimeMillis()))));
    }
}

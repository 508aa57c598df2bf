package io.streamrec.flink.sink;

import io.streamrec.core.experiment.Metric;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.experiment.VariantTotals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code HSET sr:{exp}:counts:<experiment> <variant>.<metric> <total> …}: a variant's totals as a whole
 * (the newest per variant wins a batch), so writing them again changes nothing.
 */
public final class ExperimentCountsMutation implements RedisMutation<VariantTotals> {
    private static final long serialVersionUID = 1L;

    @Override
    public String coalesceKey(VariantTotals t) {
        return t.experiment + "\u0000" + t.variant;
    }

    @Override
    public void write(PipelineBatch p, VariantTotals t, ScriptShas scripts) {
        Map<String, String> fields = new LinkedHashMap<>();
        Metric[] metrics = Metric.values();
        for (int i = 0; i < metrics.length; i++) {
            double v = t.values[i];
            fields.put(t.variant + "." + metrics[i].wireName(), v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        }
        p.hset(RedisKeys.experimentCounts(t.experiment), fields);
    }
}

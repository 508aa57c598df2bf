package io.streamrec.flink.experiment;

import io.streamrec.core.experiment.Metric;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by experiment: the totals of each variant in state, and after every change the variant's
 * totals as a whole, so that the Redis write is idempotent and a restored job rewrites exactly what
 * its checkpoint held (no count is added twice after a failure).
 */
public class ExperimentCountsFunction extends KeyedProcessFunction<String, CountDelta, VariantTotals> {
    private static final long serialVersionUID = 1L;

    private transient MapState<String, double[]> totals;

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("variant-totals", Types.STRING,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(CountDelta d, Context ctx, Collector<VariantTotals> out) throws Exception {
        double[] v = totals.get(d.variant);
        if (v == null) {
            v = new double[Metric.values().length];
        }
        v[d.metric] += d.amount;
        totals.put(d.variant, v);
        out.collect(new VariantTotals(d.experiment, d.variant, v.clone()));
    }
}

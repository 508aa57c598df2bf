package io.streamrec.flink.blend;

import io.streamrec.core.rank.BlendLearner;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The blend's weights learned from every served list's feedback ({@link BlendLearner}: one pairwise step
 * per observation, per segment). One learner for the whole job, so the stream is keyed by a constant
 * ({@link #KEY}) and one subtask holds it; observations are as rare as answered lists, far fewer than
 * events. The learner is the keyed state (its bytes, written at every observation: checkpoint-exact), with
 * the id of its lineage. The weights are published at most once per publish interval, a processing-time
 * timer after the first observation since the last publication, with the learner's version.
 */
public class BlendLearnerFunction extends KeyedProcessFunction<Integer, BlendObservation, BlendWeightsUpdate> {
    private static final long serialVersionUID = 1L;
    /** The one key every observation is sent to. */
    public static final int KEY = 0;

    private final long publishIntervalMillis;
    private transient ValueState<byte[]> learnerState;
    private transient ValueState<String> lineageState;
    private transient ValueState<Long> pendingTimer;
    /** The state's learner, decoded once per subtask (one key: it never changes under us). */
    private transient BlendLearner learner;

    public BlendLearnerFunction(long publishIntervalMillis) {
        this.publishIntervalMillis = publishIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        learnerState = getRuntimeContext().getState(new ValueStateDescriptor<>("blend-learner",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lineageState = getRuntimeContext().getState(new ValueStateDescriptor<>("blend-lineage", Types.STRING));
        pendingTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("blend-publish-timer", Types.LONG));
        getRuntimeContext().getMetricGroup().gauge("blendWeightsVersion",
                () -> learner == null ? 0L : learner.version());
    }

    @Override
    public void processElement(BlendObservation o, Context ctx, Collector<BlendWeightsUpdate> out) throws Exception {
        BlendLearner l = learner();
        l.observe(o.feedback());
        learnerState.update(l.toBytes());
        if (lineageState.value() == null) {
            lineageState.update(UUID.randomUUID().toString());
        }
        if (pendingTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + publishIntervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            pendingTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BlendWeightsUpdate> out) throws Exception {
        pendingTimer.clear();
        BlendLearner l = learner();
        long[] steps = new long[BlendLearner.SEGMENTS];
        for (int seg = 0; seg < steps.length; seg++) {
            steps[seg] = l.steps(seg);
        }
        out.collect(new BlendWeightsUpdate(lineageState.value(), l.version(), l.snapshot().encode(), steps));
    }

    private BlendLearner learner() throws Exception {
        if (learner == null) {
            byte[] bytes = learnerState.value();
            learner = bytes == null ? BlendLearner.defaults() : BlendLearner.fromBytes(bytes);
        }
        return learner;
    }
}

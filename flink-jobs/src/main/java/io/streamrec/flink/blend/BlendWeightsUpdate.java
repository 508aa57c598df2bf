package io.streamrec.flink.blend;

/**
 * The blend's weights as {@link BlendLearnerFunction} publishes them: {@code weights} encoded as
 * {@link io.streamrec.core.rank.BlendWeights.Snapshot#encode} does, {@code version} the observations learned
 * from, {@code lineage} the id of the learner's history (kept across restores, new for a job started
 * without state), so Redis refuses a replay's older versions but takes a new learner's first.
 */
public class BlendWeightsUpdate {
    public String lineage;
    public long version;
    public byte[] weights;
    /** Pairwise steps per segment so far, for operators (how much each segment has learned from). */
    public long[] steps;

    public BlendWeightsUpdate() {}

    public BlendWeightsUpdate(String lineage, long version, byte[] weights, long[] steps) {
        this.lineage = lineage;
        this.version = version;
        this.weights = weights;
        this.steps = steps;
    }
}

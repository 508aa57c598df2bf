package io.streamrec.api.ops;

import io.streamrec.api.recommend.BlendWeightsReader;
import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.BlendWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /v1/ops/blend: the blend weights this API process serves with, as the job last published them.
 *
 * @param blend    {@code learned} (the weights are applied) or {@code hand-set} (read, not applied)
 * @param version  observations the weights were learned from; 0: nothing learned yet, every weight 1
 * @param signals  the parts of a candidate's score the weights multiply
 * @param segments per segment (the user's history × the item's evidence) its weights and the pairwise steps
 *                 the job took in it
 */
public record BlendView(String blend, long version, List<String> signals, List<Segment> segments) {
    /** One segment: its name, the steps learned in it, and a weight per signal. */
    public record Segment(String segment, long steps, Map<String, Double> weights) {}

    public static BlendView of(BlendWeightsReader reader, boolean learned) {
        BlendWeights now = reader.current();
        List<Segment> segments = new ArrayList<>(BlendLearner.SEGMENTS);
        for (int seg = 0; seg < BlendLearner.SEGMENTS; seg++) {
            Map<String, Double> w = new LinkedHashMap<>();
            for (int k = 0; k < BlendLearner.N; k++) {
                w.put(BlendLearner.SIGNALS.get(k), (double) (float) now.weights(seg)[k]);
            }
            segments.add(new Segment(BlendLearner.segmentName(seg), reader.steps(seg), w));
        }
        return new BlendView(learned ? "learned" : "hand-set", now.version(), BlendLearner.SIGNALS, segments);
    }
}

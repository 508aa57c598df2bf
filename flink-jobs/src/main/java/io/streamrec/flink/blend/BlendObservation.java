package io.streamrec.flink.blend;

import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.ServedList;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link ServedList.Feedback} as a Flink POJO: the parts and segment of the item the user took and of
 * the other items shown with it ({@code others} holds {@link BlendLearner#N} parts per item).
 */
public class BlendObservation {
    public double[] taken;
    public int takenSegment;
    public double[] others;
    public int[] otherSegments;

    public BlendObservation() {}

    public static BlendObservation of(ServedList.Feedback f) {
        BlendObservation o = new BlendObservation();
        o.taken = f.taken();
        o.takenSegment = f.takenSegment();
        o.otherSegments = f.otherSegments();
        o.others = new double[f.others().size() * BlendLearner.N];
        for (int i = 0; i < f.others().size(); i++) {
            System.arraycopy(f.others().get(i), 0, o.others, i * BlendLearner.N, BlendLearner.N);
        }
        return o;
    }

    public ServedList.Feedback feedback() {
        List<double[]> list = new ArrayList<>(otherSegments.length);
        for (int i = 0; i < otherSegments.length; i++) {
            double[] p = new double[BlendLearner.N];
            System.arraycopy(others, i * BlendLearner.N, p, 0, BlendLearner.N);
            list.add(p);
        }
        return new ServedList.Feedback(taken, takenSegment, list, otherSegments);
    }
}

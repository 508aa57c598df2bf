package io.streamrec.core.rank;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Blend weights learned from feedback, per segment: the served ranking's parts (model, short and long
 * interest, trending, co-occurrence, content: {@link #SIGNALS}) are each multiplied by a weight of the
 * segment the candidate falls in, the user's history length × the item's evidence ({@link #segment}).
 * Every weight starts at 1, the hand-set blend. Each time a user's next positive event names an item
 * among the candidates of the list last served to them, the weights take one pairwise logistic step
 * (BPR, Rendle et al. 2009) for that item against each item served above it: the signals that carried
 * the item the user took gain in its segment, those that carried the items above it lose in theirs.
 * AdaGrad per weight (the parts differ in scale by orders of magnitude), a pull towards 1 (the hand-set
 * blend as the prior), weights kept in [0, {@link #MAX}]. Deterministic; plain Java. The job keeps one
 * ({@code blend-learner}, its state {@link #toBytes}) and publishes {@link #snapshot}s; the quality
 * benchmark ranks with it directly.
 */
public final class BlendLearner implements BlendWeights {
    /** The parts the weights multiply, in {@link BlendScore}'s order. */
    public static final List<String> SIGNALS = List.of("model", "short", "long", "trending", "cooccurrence", "content");
    public static final int N = SIGNALS.size();
    /** Upper history bounds of the user buckets (events): [0, 2), [2, 5), [5, 20), [20, ∞). */
    static final double[] HISTORY = {2, 5, 20};
    /** Upper evidence bounds of the item buckets (updates of its vector): unknown or [0, 5), [5, 50), [50, ∞). */
    static final double[] EVIDENCE = {5, 50};
    public static final int SEGMENTS = (HISTORY.length + 1) * (EVIDENCE.length + 1);
    static final double MAX = 100;

    private final double rate;
    private final double prior;
    private final double[][] w = new double[SEGMENTS][N];
    private final double[][] g2 = new double[SEGMENTS][N];
    private final long[] steps = new long[SEGMENTS];
    private long observations;

    /**
     * @param rate  AdaGrad's step
     * @param prior how strongly each step pulls the weights it touches back towards 1
     */
    public BlendLearner(double rate, double prior) {
        this.rate = rate;
        this.prior = prior;
        for (double[] row : w) {
            Arrays.fill(row, 1);
        }
    }

    /** The defaults measured with the quality benchmark. */
    public static BlendLearner defaults() {
        return new BlendLearner(0.05, 0.001);
    }

    /** The segment of a candidate: the user's history bucket × the item's evidence bucket (NaN: none yet). */
    public static int segment(double historyCount, double evidence) {
        int h = bucket(historyCount, HISTORY);
        int e = Double.isNaN(evidence) ? 0 : bucket(evidence, EVIDENCE);
        return h * (EVIDENCE.length + 1) + e;
    }

    private static final String[] HISTORY_NAMES = {"<2", "2-4", "5-19", "20+"};
    private static final String[] EVIDENCE_NAMES = {"<5", "5-49", "50+"};

    /** A segment as people read it: {@code history 2-4, evidence <5} (user events, item vector updates). */
    public static String segmentName(int segment) {
        return "history " + HISTORY_NAMES[segment / (EVIDENCE.length + 1)] + ", evidence "
                + EVIDENCE_NAMES[segment % (EVIDENCE.length + 1)];
    }

    private static int bucket(double x, double[] bounds) {
        int b = 0;
        while (b < bounds.length && x >= bounds[b]) {
            b++;
        }
        return b;
    }

    /** The weights of a segment (not a copy: read only). */
    @Override
    public double[] weights(int segment) {
        return w[segment];
    }

    /** Observations learned from so far. */
    @Override
    public long version() {
        return observations;
    }

    /** A copy of the weights as they are now, tagged with {@link #version}. */
    public Snapshot snapshot() {
        double[][] copy = new double[SEGMENTS][];
        for (int seg = 0; seg < SEGMENTS; seg++) {
            copy[seg] = w[seg].clone();
        }
        return new Snapshot(observations, copy);
    }

    /** One served list's feedback ({@link ServedList#feedback}). */
    public void observe(ServedList.Feedback f) {
        observe(f.taken(), f.takenSegment(), f.others(), f.otherSegments());
    }

    /** Pairwise steps taken in a segment so far (as the positive or the item above it). */
    public long steps(int segment) {
        return steps[segment];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int seg = 0; seg < SEGMENTS; seg++) {
            b.append(String.format("seg %2d steps %7d:", seg, steps[seg]));
            for (double x : w[seg]) {
                b.append(String.format(" %7.3f", x));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The weighted score of parts in a segment. */
    public double score(int segment, double[] parts) {
        double s = 0;
        double[] m = w[segment];
        for (int k = 0; k < N; k++) {
            s += m[k] * parts[k];
        }
        return s;
    }

    /**
     * One observation: the user took the item with {@code positive} parts (its segment {@code positiveSegment});
     * {@code above} are the parts of the items served above it, with their segments.
     */
    public void observe(double[] positive, int positiveSegment, List<double[]> above, int[] aboveSegments) {
        observations++;
        for (int i = 0; i < above.size(); i++) {
            double[] q = above.get(i);
            int sq = aboveSegments[i];
            double diff = score(positiveSegment, positive) - score(sq, q);
            double g = 1 / (1 + Math.exp(diff)); // −d/d(diff) of −log σ(diff)
            step(positiveSegment, positive, g);
            step(sq, q, -g);
        }
    }

    private void step(int segment, double[] x, double g) {
        double[] m = w[segment];
        double[] acc = g2[segment];
        for (int k = 1; k < N; k++) { // the model's weight stays 1: the scale the others are learned against
            if (x[k] == 0) {
                continue;
            }
            double grad = g * x[k] - prior * (m[k] - 1);
            acc[k] += grad * grad;
            m[k] = Math.min(MAX, Math.max(0, m[k] + rate * grad / Math.sqrt(acc[k])));
        }
        steps[segment]++;
    }

    /** Everything the learner holds (settings, weights, AdaGrad sums, steps), for the job's checkpointed state. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + SEGMENTS * (16 * N + 8));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // format
            out.writeInt(SEGMENTS);
            out.writeInt(N);
            out.writeDouble(rate);
            out.writeDouble(prior);
            out.writeLong(observations);
            for (int seg = 0; seg < SEGMENTS; seg++) {
                for (int k = 0; k < N; k++) {
                    out.writeDouble(w[seg][k]);
                    out.writeDouble(g2[seg][k]);
                }
                out.writeLong(steps[seg]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The learner {@link #toBytes} wrote; the same weights, sums and counts, so it continues exactly. */
    public static BlendLearner fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readByte();
            int segments = in.readInt();
            int n = in.readInt();
            if (format != 1 || segments != SEGMENTS || n != N) {
                throw new IllegalArgumentException("blend learner state of another layout: format " + format
                        + ", " + segments + " segments × " + n + " signals");
            }
            BlendLearner l = new BlendLearner(in.readDouble(), in.readDouble());
            l.observations = in.readLong();
            for (int seg = 0; seg < SEGMENTS; seg++) {
                for (int k = 0; k < N; k++) {
                    l.w[seg][k] = in.readDouble();
                    l.g2[seg][k] = in.readDouble();
                }
                l.steps[seg] = in.readLong();
            }
            return l;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated blend learner state", e);
        }
    }
}

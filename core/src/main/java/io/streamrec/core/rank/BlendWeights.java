package io.streamrec.core.rank;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The weights {@link Ranker} multiplies a candidate's blend parts by, per segment ({@link BlendLearner#segment}):
 * the learner itself in the quality benchmark, the set the job last published in the API. A ranking reads
 * {@link #current()} once, so one list is ranked with one consistent set.
 */
public interface BlendWeights {
    /** The weights of a segment, in {@link BlendLearner#SIGNALS}' order (read only). */
    double[] weights(int segment);

    /** Observations the weights were learned from so far: grows with every step, 0 for the hand-set blend. */
    long version();

    /** A set that does not change while one list is ranked with it. */
    default BlendWeights current() {
        return this;
    }

    /** An immutable set of weights, as the job publishes it to Redis (the codec of {@link #encode}). */
    record Snapshot(long version, double[][] w) implements BlendWeights {
        /** Every weight 1: the hand-set blend, before anything was learned. */
        public static final Snapshot HAND_SET = handSet();

        private static Snapshot handSet() {
            double[][] w = new double[BlendLearner.SEGMENTS][BlendLearner.N];
            for (double[] row : w) {
                java.util.Arrays.fill(row, 1);
            }
            return new Snapshot(0, w);
        }

        @Override
        public double[] weights(int segment) {
            return w[segment];
        }

        /** The weights as little-endian float32, segment by segment ({@code SEGMENTS × N} of them). */
        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(4 * BlendLearner.SEGMENTS * BlendLearner.N).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] row : w) {
                for (double x : row) {
                    b.putFloat((float) x);
                }
            }
            return b.array();
        }

        /** The weights {@link #encode} wrote; a malformed value (wrong length, a weight not finite or out of range) throws. */
        public static Snapshot decode(long version, byte[] bytes) {
            int n = BlendLearner.SEGMENTS * BlendLearner.N;
            if (bytes == null || bytes.length != 4 * n) {
                throw new IllegalArgumentException("blend weights must be " + 4 * n + " bytes, got "
                        + (bytes == null ? "none" : bytes.length));
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            double[][] w = new double[BlendLearner.SEGMENTS][BlendLearner.N];
            for (double[] row : w) {
                for (int k = 0; k < row.length; k++) {
                    float x = b.getFloat();
                    if (!(x >= 0 && x <= BlendLearner.MAX)) {
                        throw new IllegalArgumentException("blend weight out of [0, " + BlendLearner.MAX + "]: " + x);
                    }
                    row[k] = x;
                }
            }
            return new Snapshot(version, w);
        }
    }
}

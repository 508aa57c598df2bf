package io.streamrec.bench;

import java.util.Arrays;

/** What every benchmark reports beside its figures: the machine's memory bandwidth, and medians. */
final class References {
    private References() {}

    /** Plain array copy of 256 MB, median of 5: the memory-bandwidth reference. */
    static double memcopy() {
        float[] a = new float[64 << 20];
        float[] b = new float[a.length];
        Arrays.fill(a, 1f);
        double[] gbs = new double[5];
        for (int i = 0; i < gbs.length; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(a, 0, b, 0, a.length);
            long t = System.nanoTime() - t0;
            gbs[i] = 2.0 * a.length * 4 / t; // bytes read + written per ns = GB/s
        }
        return median(gbs);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}

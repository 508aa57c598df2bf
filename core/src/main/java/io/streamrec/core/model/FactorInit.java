package io.streamrec.core.model;

import java.util.SplittableRandom;

/**
 * Starting vectors. The random start of an item is a function of its id, so every operator that has
 * to guess an item's vector before seeing it guesses the same one.
 */
public final class FactorInit {
    private FactorInit() {}

    /** 64-bit FNV-1a over the UTF-16 units, then a murmur3 finaliser. */
    public static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Small Gaussian factors seeded by the id, bias 0. Width d+1. */
    public static float[] item(String itemId, MfConfig c) {
        float[] v = new float[c.width()];
        SplittableRandom r = new SplittableRandom(hash(itemId));
        for (int j = 0; j < c.dim(); j++) {
            v[j] = (float) (gaussian(r) * c.initStd());
        }
        return v;
    }

    /** The id-seeded random start of an item's context vector (width d). */
    public static float[] context(String itemId, MfConfig c) {
        float[] q = new float[c.dim()];
        SplittableRandom r = new SplittableRandom(hash(itemId) ^ 0x5DEECE66DL);
        for (int j = 0; j < c.dim(); j++) {
            q[j] = (float) (gaussian(r) * c.initStd());
        }
        return q;
    }

    /** A new item of a known category: the category centroid plus a small id-seeded jitter. */
    public static float[] itemNear(String itemId, float[] centroid, MfConfig c) {
        float[] v = item(itemId, c);
        for (int j = 0; j < c.dim(); j++) {
            v[j] = centroid[j] + 0.1f * v[j];
        }
        v[c.dim()] = centroid[c.dim()];
        return v;
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }
}

package io.streamrec.flink.learn;

import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.MfModel;

/**
 * The item owner's half of a step, free of Flink: creates the item's vectors on first sight (the
 * target vector at its category's centroid, else an id-seeded random start; the context vector
 * id-seeded), applies target and context gradient messages, keeps the category centroids current.
 */
public final class ItemSide {
    private final MfConfig config;
    private final MfModel model;
    private final CategoryCentroids centroids;
    private final float[] acc = new float[1];
    private final float[] before;
    private float moved;

    public ItemSide(MfConfig config, CategoryCentroids centroids) {
        this.config = config;
        this.model = new MfModel(config);
        this.centroids = centroids;
        this.before = new float[config.width()];
    }

    /** A new state for an item first seen in message {@code g}. */
    public ItemState create(BundledGradient g) {
        ItemState s = new ItemState();
        // the user side's centroid comes from the whole published catalogue; this instance's own
        // centroids only from the items it owns
        float[] c = g.init != null && g.init.length == config.width() ? g.init : centroids.centroid(g.category);
        s.vec = c == null ? FactorInit.item(g.itemId, config) : FactorInit.itemNear(g.itemId, c, config);
        s.acc = 1;
        s.ctx = FactorInit.context(g.itemId, config);
        s.ctxAcc = 1;
        s.category = g.category;
        centroids.update(s.category, null, s.vec);
        return s;
    }

    /** A new state for an item first seen in an unbundled message. */
    public ItemState create(ItemGradient g) {
        return create(BundledGradient.of(g));
    }

    /** Applies one unbundled message; false when the update was dropped as non-finite (state unchanged). */
    public boolean apply(ItemState s, ItemGradient g) {
        return apply(s, BundledGradient.of(g));
    }

    /**
     * Applies one bundle's message: one AdaGrad step on the summed target gradient and one on the
     * summed context gradient (each exactly the unbundled step when one event contributed). The version
     * grows by the contributions applied. False when a part was dropped as non-finite (that part of
     * the state unchanged).
     */
    public boolean apply(ItemState s, BundledGradient g) {
        if (s.category == null && g.category != null) {
            s.category = g.category;
            centroids.update(s.category, null, s.vec);
        }
        boolean ok = true;
        moved = 0;
        if (g.target != null) {
            System.arraycopy(s.vec, 0, before, 0, before.length);
            acc[0] = s.acc;
            if (model.itemStepSum(s.vec, acc, g.target, g.targets)) {
                s.acc = acc[0];
                s.version += g.targets;
                moved += model.lastMove();
                s.norm = model.lastNorm();
                centroids.update(s.category, before, s.vec);
            } else {
                ok = false;
            }
        }
        if (g.context != null) {
            acc[0] = s.ctxAcc;
            if (model.contextStepSum(s.ctx, acc, g.context, g.contexts)) {
                s.ctxAcc = acc[0];
                s.version += g.contexts;
                moved += model.lastMove();
            } else {
                ok = false;
            }
        }
        return ok;
    }

    /** How far the last {@link #apply} moved the item's vectors: the norms of its target and context steps, summed. */
    public float lastMove() {
        return moved;
    }

    /**
     * Whether an item whose vectors moved by {@code drift} since their last publication (summed step
     * norms, an upper bound of the distance to what Redis holds) is due for publication: at least
     * {@code minDrift} times its target vector's norm (0: after every update).
     */
    public boolean publishDue(ItemState s, float drift, float minDrift) {
        if (minDrift <= 0) {
            return true;
        }
        if (Float.isNaN(s.norm)) {
            s.norm = norm(s.vec, config.dim());
        }
        return drift >= minDrift * s.norm;
    }

    /**
     * The norm of a vector's first {@code n} factors in a plain loop: profiles of the item learner and the
     * learn benchmark's kernel showed the Vector API's lane reduction behind {@code VectorKernels.norm}
     * costing more than the AdaGrad step itself at this call.
     */
    static float norm(float[] v, int n) {
        float s0 = 0;
        float s1 = 0;
        int j = 0;
        for (; j + 1 < n; j += 2) {
            s0 += v[j] * v[j];
            s1 += v[j + 1] * v[j + 1];
        }
        if (j < n) {
            s0 += v[j] * v[j];
        }
        return (float) Math.sqrt(s0 + s1);
    }
}

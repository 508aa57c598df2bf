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

    public ItemSide(MfConfig config, CategoryCentroids centroids) {
        this.config = config;
        this.model = new MfModel(config);
        this.centroids = centroids;
    }

    /** A new state for an item first seen in message {@code g}. */
    public ItemState create(ItemGradient g) {
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

    /** Applies one message; false when the update was dropped as non-finite (state unchanged). */
    public boolean apply(ItemState s, ItemGradient g) {
        if (s.category == null && g.category != null) {
            s.category = g.category;
            centroids.update(s.category, null, s.vec);
        }
        if (g.context) {
            acc[0] = s.ctxAcc;
            if (!model.contextStep(s.ctx, acc, g.coef, g.vector)) {
                return false;
            }
            s.ctxAcc = acc[0];
            s.version++;
            return true;
        }
        float[] before = s.vec.clone();
        acc[0] = s.acc;
        if (!model.itemStep(s.vec, acc, g.coef, g.vector)) {
            return false;
        }
        s.acc = acc[0];
        s.version++;
        centroids.update(s.category, before, s.vec);
        return true;
    }
}

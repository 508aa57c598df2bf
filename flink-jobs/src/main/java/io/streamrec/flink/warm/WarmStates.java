package io.streamrec.flink.warm;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.WarmFactors;
import io.streamrec.flink.learn.CategoryCentroids;
import io.streamrec.flink.learn.CentroidEntry;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserSide;
import io.streamrec.flink.learn.UserState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learners' keyed state made from warm-start factors, free of Flink: what the job would hold had
 * it learned the history itself, with the ALS vectors in place of its own.
 * <ul>
 *   <li>a user: vector {@link WarmFactors#userVector}, AdaGrad accumulator {@code 1 + accPerEvent·n},
 *       version n (the user's applied events), the recent items and weights the job keeps
 *       ({@link UserSide#remember} over the user's positive events in time order);</li>
 *   <li>an item: target vector {@link WarmFactors#itemVector}, accumulator {@code 1 + accPerEvent·n},
 *       version n (its positive events), the id-seeded context vector a new item gets, its first
 *       category;</li>
 *   <li>the item learner's category centroids over those target vectors.</li>
 * </ul>
 */
public final class WarmStates {
    /**
     * Default AdaGrad accumulator per history event: a warm vector takes smaller first online steps
     * than a new one, so the first events after the start refine it instead of overwriting it.
     */
    public static final float DEFAULT_ACC_PER_EVENT = 10f;

    public final Map<String, UserState> users;
    public final Map<String, ItemState> items;
    public final List<CentroidEntry> centroids;

    private WarmStates(Map<String, UserState> users, Map<String, ItemState> items, List<CentroidEntry> centroids) {
        this.users = users;
        this.items = items;
        this.centroids = centroids;
    }

    /**
     * @param events the history the factors were trained on, in event-time order (the same cut)
     */
    public static WarmStates of(WarmFactors f, MfConfig config, Iterable<Event> events, EventWeights weights, long until,
                                float accPerEvent) {
        History h = f.history;
        Map<String, UserState> users = new LinkedHashMap<>();
        for (int u = 0; u < h.users.length; u++) {
            UserState s = new UserState();
            s.vec = f.userVector(u, config);
            s.acc = 1 + accPerEvent * h.userEvents[u];
            s.version = h.userEvents[u];
            users.put(h.users[u], s);
        }
        Map<String, UserState> recent = new HashMap<>();
        for (Event e : events) {
            if (e.ts >= until) {
                continue;
            }
            if (e.type == EventType.FORGET_USER) {
                recent.remove(e.userId);
                continue;
            }
            double w = weights.weight(e);
            if (e.type.isControl() || !(w > 0) || !Double.isFinite(w)) {
                continue;
            }
            UserSide.remember(recent.computeIfAbsent(e.userId, k -> new UserState()), e.itemId, (float) w);
        }
        users.forEach((id, s) -> {
            UserState r = recent.get(id);
            if (r != null) {
                s.recent = r.recent;
                s.recentWeights = r.recentWeights;
            }
        });
        Map<String, ItemState> items = new LinkedHashMap<>();
        CategoryCentroids centroids = new CategoryCentroids(config.width());
        for (int i = 0; i < h.items.length; i++) {
            ItemState s = new ItemState();
            s.vec = f.itemVector(i, config);
            s.acc = 1 + accPerEvent * h.itemEvents[i];
            s.ctx = FactorInit.context(h.items[i], config);
            s.ctxAcc = 1;
            s.version = h.itemEvents[i];
            s.category = h.itemCategories[i];
            centroids.update(s.category, null, s.vec);
            items.put(h.items[i], s);
        }
        List<CentroidEntry> entries = new ArrayList<>();
        for (CategoryCentroids.Entry e : centroids.snapshot()) {
            entries.add(new CentroidEntry(e.category(), e.sum(), e.count()));
        }
        return new WarmStates(users, items, entries);
    }
}

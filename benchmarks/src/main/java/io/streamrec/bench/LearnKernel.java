package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.flink.learn.BundledGradient;
import io.streamrec.flink.learn.CategoryCentroids;
import io.streamrec.flink.learn.GradientBundle;
import io.streamrec.flink.learn.ItemSide;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.PendingPublications;
import io.streamrec.flink.learn.UserSide;
import io.streamrec.flink.learn.UserState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The learn benchmark's in-memory reference: the job's learning step without Flink, Kafka or Redis. */
final class LearnKernel {
    private LearnKernel() {}

    /**
     * The SGD step alone: UserSide and ItemSide in one thread, bundled as the job bundles, item vectors
     * published when their bundle closes. Median of 3.
     */
    static Map<String, Double> run(List<Event> events, MfConfig model, int bundleEvents, int bundleNegatives,
                                      float publishDrift) {
        double[] rates = new double[3];
        double itemUpdates = 0;
        double publications = 0;
        for (int run = 0; run < rates.length; run++) {
            ItemMatrix cache = new ItemMatrix(model.width(), 10_000_000);
            ItemMatrix ctx = new ItemMatrix(model.dim(), 10_000_000);
            NegativeSampler sampler = new NegativeSampler(20_000, 0).withCatalogue(cache);
            UserSide us = new UserSide(model, EventWeights.defaults(), sampler, cache, ctx);
            GradientBundle bundle = new GradientBundle(bundleEvents, bundleNegatives);
            ItemSide is = new ItemSide(model, new CategoryCentroids(model.width()));
            Map<String, UserState> u = new HashMap<>();
            Map<String, ItemState> it = new HashMap<>();
            PendingPublications waiting = new PendingPublications(publishDrift); // never drained: drift alone
            long t0 = System.nanoTime();
            long published = 0;
            long updates = 0;
            for (Event e : events) {
                UserState s = u.computeIfAbsent(e.userId, k -> us.newState());
                UserSide.Outcome o = us.apply(s, e, false,
                        new SplittableRandom(FactorInit.hash(e.userId) ^ s.version ^ e.ts), bundle.negatives(sampler));
                bundle.add(o.gradients());
                if (bundle.full()) {
                    for (BundledGradient g : bundle.drain()) {
                        ItemState st = it.get(g.itemId);
                        boolean created = st == null;
                        if (created) {
                            st = is.create(g);
                            it.put(g.itemId, st);
                        }
                        if (is.apply(st, g) && waiting.due(is, g.itemId, st, created)) {
                            cache.upsert(g.itemId, st.vec, st.version);
                            ctx.upsert(g.itemId, st.ctx, st.version);
                            published++;
                        }
                        updates++;
                    }
                }
            }
            rates[run] = events.size() / ((System.nanoTime() - t0) / 1e9);
            itemUpdates = (double) updates / events.size();
            publications = (double) published / events.size();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("updates_per_s", References.median(rates));
        m.put("item_updates_per_event", itemUpdates);
        m.put("item_publications_per_event", publications);
        m.put("events", (double) events.size());
        return m;
    }
}

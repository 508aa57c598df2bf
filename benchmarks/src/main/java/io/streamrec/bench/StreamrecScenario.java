package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.flink.learn.BundledGradient;
import io.streamrec.flink.learn.CategoryCentroids;
import io.streamrec.flink.learn.GradientBundle;
import io.streamrec.flink.learn.ItemSide;
import io.streamrec.flink.learn.PendingPublications;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserSide;
import io.streamrec.flink.learn.UserState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * streamrec's online model, driven through the job's own logic ({@link UserSide}, {@link ItemSide})
 * the way the Flink job runs it at a given parallelism: users and items are split over
 * {@code parallelism} instances by hash, each user instance has its own negative sampler and its own
 * cache of published item vectors, each item instance its own category centroids. An item vector
 * becomes visible to the user instances (and to serving) {@code stalenessMs} of event time after the
 * event that produced it: the time the job needs to flush it to Redis and the caches to read the
 * change feed. The user instances bundle their gradient messages as the job does
 * ({@link GradientBundle}): a bundle closes after {@code bundleEvents} of the instance's events or
 * {@code bundleMs} after its first event (event time here, processing time in the job), and its items
 * are updated then, once per item.
 */
final class StreamrecScenario implements Recommender {
    private record Pending(String itemId, float[] vec, float[] ctx, long version, long visibleAt) {}

    private final String name;
    private final MfConfig config;
    private final int parallelism;
    private final long stalenessMs;
    private final UserSide[] userSides;
    private final ItemMatrix[] caches;
    private final ItemMatrix[] contextCaches;
    private final ItemSide[] itemSides;
    private final ItemMatrix published;
    private final Map<String, UserState> users = new HashMap<>();
    private final Map<String, ItemState> items = new HashMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /**
     * Items whose small moves wait, each published {@code publishDelayMs} after its first one (event time
     * here, processing time in the job's item learner).
     */
    private final PendingPublications waiting = new PendingPublications(QualityBench.PUBLISH_DRIFT);
    private final NegativeSampler[] samplers;
    private final GradientBundle[] bundles;
    private final long[] bundleStart;
    private final long bundleMs;
    private long publishDelayMs = QualityBench.PUBLISH_DELAY_MS;
    private boolean longTermOnly;

    StreamrecScenario(String name, MfConfig config, EventWeights weights, int parallelism, int samplerSize,
                      double popularityShare, long stalenessMs) {
        this(name, config, weights, parallelism, samplerSize, popularityShare, stalenessMs, 1, 0, 0);
    }

    StreamrecScenario(String name, MfConfig config, EventWeights weights, int parallelism, int samplerSize,
                      double popularityShare, long stalenessMs, int bundleEvents, long bundleMs, int bundleNegatives) {
        this.bundleMs = bundleMs;
        this.samplers = new NegativeSampler[parallelism];
        this.bundles = new GradientBundle[parallelism];
        this.bundleStart = new long[parallelism];
        this.name = name;
        this.config = config;
        this.parallelism = parallelism;
        this.stalenessMs = stalenessMs;
        this.userSides = new UserSide[parallelism];
        this.caches = new ItemMatrix[parallelism];
        this.contextCaches = new ItemMatrix[parallelism];
        this.itemSides = new ItemSide[parallelism];
        for (int p = 0; p < parallelism; p++) {
            caches[p] = new ItemMatrix(config.width(), 10_000_000);
            contextCaches[p] = new ItemMatrix(config.dim(), 10_000_000);
            samplers[p] = new NegativeSampler(samplerSize, popularityShare).withCatalogue(caches[p]);
            userSides[p] = new UserSide(config, weights, samplers[p], caches[p], contextCaches[p]);
            bundles[p] = new GradientBundle(bundleEvents, bundleNegatives);
            itemSides[p] = new ItemSide(config, new CategoryCentroids(config.width()));
        }
        this.published = new ItemMatrix(config.width(), 10_000_000);
    }

    /** Ranking reads only: publishing up to {@code now} is what learning the next event does first. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Starts from learned states, as the job restored from a warm-start savepoint does: the users' and
     * items' states as given (kept, not copied), the items' vectors published to every cache at once.
     */
    void seed(Map<String, UserState> userStates, Map<String, ItemState> itemStates) {
        users.putAll(userStates);
        items.putAll(itemStates);
        itemStates.forEach((id, s) -> {
            for (int p = 0; p < caches.length; p++) {
                caches[p].upsert(id, s.vec.clone(), s.version);
                contextCaches[p].upsert(id, s.ctx.clone(), s.version);
            }
            published.upsert(id, s.vec.clone(), s.version);
        });
    }

    /** New items start from their text's neighbours ({@link UserSide#withTextStarts}) before their category's centroid. */
    StreamrecScenario withTextStarts(io.streamrec.core.content.TextSpace text) {
        for (UserSide u : userSides) {
            u.withTextStarts(text, TextStarts.NEIGHBOURS, TextStarts.MIN_SIMILARITY);
        }
        return this;
    }

    /**
     * Ranks with the user's long-term vector alone, leaving out the context of its latest items
     * (an ablation; learning is unchanged).
     */
    StreamrecScenario longTermOnly() {
        this.longTermOnly = true;
        return this;
    }

    private float[] query(String user, UserState s) {
        if (longTermOnly) {
            float[] x = java.util.Arrays.copyOf(s.vec, config.width());
            x[config.dim()] = 1;
            return x;
        }
        return userSides[shard(user)].query(s);
    }

    private int shard(String id) {
        return (int) Math.floorMod(FactorInit.hash(id), (long) parallelism);
    }

    private void publishUntil(long now) {
        for (int p = 0; p < bundles.length; p++) {
            if (bundleMs > 0 && !bundles[p].isEmpty() && now - bundleStart[p] >= bundleMs) {
                flush(p, bundleStart[p] + bundleMs);
            }
        }
        while (!pending.isEmpty() && pending.peekFirst().visibleAt() <= now) {
            Pending p = pending.pollFirst();
            for (int i = 0; i < caches.length; i++) {
                caches[i].upsert(p.itemId(), p.vec(), p.version());
                contextCaches[i].upsert(p.itemId(), p.ctx(), p.version());
            }
            published.upsert(p.itemId(), p.vec(), p.version());
        }
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        publishUntil(now);
        UserState s = users.get(user);
        if (s == null) {
            return List.of();
        }
        TopK heap = new TopK(k);
        float[] query = query(user, s);
        published.topK(query, heap, row -> exclude.contains(published.idAt(row)));
        List<String> out = new ArrayList<>(k);
        for (int row : heap.rowsDescending()) {
            out.add(published.idAt(row));
        }
        return out;
    }

    /** The user's query vector as serving sees it now (null: unknown user). */
    float[] queryOf(String user, long now) {
        publishUntil(now);
        UserState s = users.get(user);
        return s == null ? null : query(user, s);
    }

    /** Events the model learned from for the user (the published vector's version). */
    long historyOf(String user) {
        UserState s = users.get(user);
        return s == null ? 0 : s.version;
    }

    /** The item vectors serving sees. */
    ItemMatrix published() {
        return published;
    }

    @Override
    public void learn(Event e) {
        publishUntil(e.ts);
        int us = shard(e.userId);
        UserState s = users.computeIfAbsent(e.userId, u -> userSides[us].newState());
        SplittableRandom rnd = new SplittableRandom(FactorInit.hash(e.userId) ^ (s.version * 0x9E3779B97F4A7C15L) ^ e.ts);
        UserSide.Outcome o = userSides[us].apply(s, e, false, rnd, bundles[us].negatives(samplers[us]));
        if (!o.applied()) {
            return;
        }
        if (bundles[us].isEmpty()) {
            bundleStart[us] = e.ts;
        }
        bundles[us].add(o.gradients());
        if (bundles[us].full()) {
            flush(us, e.ts);
        }
    }

    /** Closes user instance {@code p}'s bundle at event time {@code at}: one update per item. */
    private void flush(int p, long at) {
        for (BundledGradient g : bundles[p].drain()) {
            int is = shard(g.itemId);
            ItemState st = items.get(g.itemId);
            boolean created = st == null;
            if (created) {
                st = itemSides[is].create(g);
                items.put(g.itemId, st);
            }
            if (!itemSides[is].apply(st, g)) {
                continue;
            }
            if (waiting.due(itemSides[is], g.itemId, st, created, at)) {
                pending.addLast(new Pending(g.itemId, st.vec.clone(), st.ctx.clone(), st.version, at + stalenessMs));
            }
        }
        if (publishDelayMs > 0) {
            for (String id : waiting.drainWaitingSince(at - publishDelayMs)) {
                ItemState st = items.get(id);
                pending.addLast(new Pending(id, st.vec.clone(), st.ctx.clone(), st.version, at + stalenessMs));
            }
        }
    }
}

package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.Loss;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The two halves of the learner driven directly, as the job drives them, without Flink. */
class LearnerSidesTest {
    static final MfConfig CONFIG = MfConfig.defaults().withDim(16);

    /** Runs a stream through UserSide and ItemSide, publishing item vectors to the cache at once. */
    static final class Loop {
        final ItemMatrix cache;
        final ItemMatrix contexts;
        final UserSide user;
        final ItemSide item;
        final NegativeSampler sampler = new NegativeSampler(2000);
        final Map<String, UserState> users = new HashMap<>();
        final Map<String, ItemState> items = new HashMap<>();
        int evaluated;
        int hits;

        Loop(MfConfig c) {
            cache = new ItemMatrix(c.width(), 100_000);
            contexts = new ItemMatrix(c.dim(), 100_000);
            user = new UserSide(c, EventWeights.defaults(), sampler, cache, contexts);
            item = new ItemSide(c, new CategoryCentroids(c.width()));
        }

        void run(List<Event> events) {
            SplittableRandom rnd = new SplittableRandom(1);
            for (Event e : events) {
                UserState s = users.computeIfAbsent(e.userId, k -> user.newState());
                UserSide.Outcome o = user.apply(s, e, true, rnd);
                if (o.hit() != null) {
                    evaluated++;
                    hits += o.hit() ? 1 : 0;
                }
                for (ItemGradient g : o.gradients()) {
                    assertThat(g.vector).doesNotContain(Float.NaN);
                    ItemState is = items.computeIfAbsent(g.itemId, k -> item.create(g));
                    assertThat(item.apply(is, g)).isTrue();
                    cache.upsert(g.itemId, is.vec, is.version);
                    contexts.upsert(g.itemId, is.ctx, is.version);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void plantedGroupsAreSeparated(Loss loss) {
        Loop loop = new Loop(CONFIG.withLoss(loss));
        loop.run(PlantedStreamEvents.events(30, 25, 20_000, 7));
        int correct = 0, total = 0;
        for (Map.Entry<String, UserState> u : loop.users.entrySet()) {
            for (String rec : loop.user.topK(loop.user.query(u.getValue()), 10, Set.of())) {
                total++;
                correct += PlantedStreamEvents.groupA(rec) == PlantedStreamEvents.groupA(u.getKey()) ? 1 : 0;
            }
        }
        assertThat((double) correct / total).as("share of in-group recommendations, %s", loss).isGreaterThan(0.95);
        // prequential recall@20 is far above chance (20 of 50 items, minus the ones excluded as seen)
        assertThat(loop.evaluated).isGreaterThan(100);
        assertThat((double) loop.hits / loop.evaluated).isGreaterThan(0.5);
    }

    @Test
    void aUsersFirstEventAlreadyGivesPersonalRecommendations() {
        Loop loop = new Loop(CONFIG);
        loop.run(PlantedStreamEvents.events(30, 25, 20_000, 3));
        UserState fresh = loop.user.newState();
        Event first = Event.of("newcomer", "a7", EventType.VIEW, 1_800_000_000_000L);
        UserSide.Outcome o = loop.user.apply(fresh, first, false, new SplittableRandom(2));
        assertThat(o.applied()).isTrue();
        assertThat(fresh.version).isEqualTo(1);
        List<String> recs = loop.user.topK(loop.user.query(fresh), 10, Set.of("a7"));
        assertThat(recs).allSatisfy(id -> assertThat(id).startsWith("a"));
    }

    @Test
    void negativesNeverIncludeThePositiveAndNewItemsStartAtTheirCategoryCentroid() {
        Loop loop = new Loop(CONFIG);
        loop.run(PlantedStreamEvents.events(10, 10, 3000, 5));
        UserState s = loop.users.values().iterator().next();
        for (int i = 0; i < 200; i++) {
            Event e = Event.of("x", "a" + (i % 10), EventType.VIEW, 1_800_000_000_000L + i);
            UserSide.Outcome o = loop.user.apply(s, e, false, new SplittableRandom(i));
            List<ItemGradient> targets = o.gradients().stream().filter(g -> !g.context).toList();
            assertThat(targets).hasSize(1 + CONFIG.negatives());
            assertThat(targets.subList(1, targets.size()))
                    .noneMatch(g -> g.itemId.equals(e.itemId))
                    .allMatch(g -> g.category == null);
            assertThat(targets.get(0).itemId).isEqualTo(e.itemId);
            // context messages go to the user's latest items, never to the event's own item
            assertThat(o.gradients().stream().filter(g -> g.context))
                    .hasSizeLessThanOrEqualTo(CONFIG.contextLength())
                    .noneMatch(g -> g.itemId.equals(e.itemId));
        }
        ItemGradient g = new ItemGradient("brand-new", "garden", 0.1f, s.vec, 1);
        ItemState created = loop.item.create(g);
        float[] centroid = new CategoryCentroids(CONFIG.width()).centroid("garden");
        assertThat(centroid).isNull(); // a fresh instance knows nothing …
        double toGarden = 0, toKitchen = 0;
        for (ItemState is : loop.items.values()) {
            double sim = VectorKernels.dot(created.vec, 0, is.vec, 0, CONFIG.dim());
            if ("garden".equals(is.category)) toGarden += sim; else toKitchen += sim;
        }
        assertThat(toGarden).isGreaterThan(toKitchen); // … the loop's instance placed it among garden items
    }

    @Test
    void aNewItemStartsAtItsCategoryCentroidOverThePublishedCatalogue() {
        Loop loop = new Loop(CONFIG);
        loop.run(PlantedStreamEvents.events(10, 10, 3000, 5));
        Event e = Event.of("ua1", "a-brand-new", EventType.VIEW, 1_900_000_000_000L);
        e.category = "garden";
        UserSide.Outcome o = loop.user.apply(loop.users.get("ua1"), e, false, new SplittableRandom(1));
        ItemGradient g = o.gradients().stream().filter(x -> x.itemId.equals("a-brand-new")).findFirst().orElseThrow();
        assertThat(g.init).as("suggested start").isNotNull();
        float[] mean = new float[CONFIG.width()];
        float[] v = new float[CONFIG.width()];
        for (int i = 0; i < 10; i++) {
            assertThat(loop.cache.copyInto("a" + i, v)).isTrue();
            for (int j = 0; j < v.length; j++) {
                mean[j] += v[j] / 10;
            }
        }
        for (int j = 0; j < mean.length; j++) {
            assertThat(g.init[j]).isCloseTo(mean[j], org.assertj.core.api.Assertions.within(1e-5f));
        }
        // an item owner that owns no garden item yet still starts it there
        ItemState created = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width())).create(g);
        for (int j = 0; j < CONFIG.dim(); j++) {
            assertThat(created.vec[j]).isCloseTo(mean[j], org.assertj.core.api.Assertions.within(0.1f));
        }
        // a known item gets no suggestion
        UserSide.Outcome again = loop.user.apply(loop.users.get("ua1"), Event.of("ua1", "a3", EventType.VIEW, 1_900_000_000_001L),
                false, new SplittableRandom(2));
        assertThat(again.gradients().stream().filter(x -> x.itemId.equals("a3")).findFirst().orElseThrow().init).isNull();
    }

    @Test
    void anItemIsDueForPublicationOnceItsMovesAddUpToTheDriftShareOfItsNorm() {
        ItemSide side = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width()));
        float[] x = new float[CONFIG.width()];
        x[0] = 1;
        x[CONFIG.dim()] = 1;
        ItemState s = side.create(BundledGradient.of(new ItemGradient("i", null, 0.01f, x, 1)));
        float drift = 0;
        int steps = 0;
        do {
            assertThat(side.apply(s, BundledGradient.of(new ItemGradient("i", null, 0.01f, x, 1)))).isTrue();
            assertThat(side.lastMove()).isPositive();
            drift += side.lastMove();
            steps++;
            assertThat(steps).isLessThan(10_000);
        } while (!side.publishDue(s, drift, 0.5f));
        assertThat(steps).as("several small steps add up to half the norm").isGreaterThan(1);
        assertThat(drift).isGreaterThanOrEqualTo(0.5f * io.streamrec.core.kernel.VectorKernels.norm(s.vec, 0, CONFIG.dim()));
        assertThat(side.publishDue(s, 0f, 0f)).as("drift share 0: every update").isTrue();
    }

    @Test
    void explicitNegativesPushTheItemDownAndSendNoSampledNegatives() {
        Loop loop = new Loop(CONFIG);
        loop.run(PlantedStreamEvents.events(10, 10, 3000, 9));
        UserState s = loop.users.get("ua1");
        float before = VectorKernels.dot(loop.user.query(s), 0, loop.items.get("a2").vec, 0, CONFIG.width());
        for (int i = 0; i < 20; i++) {
            UserSide.Outcome o = loop.user.apply(s, Event.of("ua1", "a2", EventType.REMOVE_FROM_CART, 1_900_000_000_000L + i),
                    false, new SplittableRandom(i));
            List<ItemGradient> targets = o.gradients().stream().filter(g -> !g.context).toList();
            assertThat(targets).singleElement().satisfies(g -> assertThat(g.coef).isPositive());
            for (ItemGradient g : o.gradients()) {
                loop.item.apply(loop.items.get(g.itemId), g);
            }
        }
        float after = VectorKernels.dot(loop.user.query(s), 0, loop.items.get("a2").vec, 0, CONFIG.width());
        assertThat(after).isLessThan(before);
    }

    @Test
    void recentItemsKeepTheNewestLastBoundedAndSumARepeatsWeight() {
        UserState s = new UserState();
        for (int i = 0; i < UserSide.RECENT_MAX + 3; i++) {
            UserSide.remember(s, "i" + i, 1f);
        }
        assertThat(s.recent).hasSize(UserSide.RECENT_MAX);
        assertThat(s.recent[0]).isEqualTo("i3");
        assertThat(s.recent[UserSide.RECENT_MAX - 1]).isEqualTo("i" + (UserSide.RECENT_MAX + 2));
        UserSide.remember(s, "i10", 2f);
        assertThat(s.recent).hasSize(UserSide.RECENT_MAX).doesNotHaveDuplicates();
        assertThat(s.recent[UserSide.RECENT_MAX - 1]).isEqualTo("i10");
        assertThat(s.recentWeights[UserSide.RECENT_MAX - 1]).isEqualTo(3f);
        assertThat(s.recent[0]).isEqualTo("i3");
        UserSide.remember(s, "new", 0.5f);
        assertThat(s.recent[0]).isEqualTo("i4");
        assertThat(s.recent[UserSide.RECENT_MAX - 1]).isEqualTo("new");
        assertThat(s.recentWeights).hasSize(UserSide.RECENT_MAX);
    }

    @Test
    void recentItemsKeepEachWeightWithItsItemAsTheyMove() {
        UserState s = new UserState();
        for (int i = 0; i < UserSide.RECENT_MAX; i++) {
            UserSide.remember(s, "i" + i, i);
        }
        UserSide.remember(s, "i7", 100f); // moves to the end in place, its weight summed
        UserSide.remember(s, "x", 0.5f); // the oldest leaves
        for (int k = 0; k < UserSide.RECENT_MAX - 2; k++) {
            String id = s.recent[k];
            assertThat(s.recentWeights[k]).as(id).isEqualTo(Float.parseFloat(id.substring(1)));
        }
        assertThat(s.recent[UserSide.RECENT_MAX - 2]).isEqualTo("i7");
        assertThat(s.recentWeights[UserSide.RECENT_MAX - 2]).isEqualTo(107f);
        assertThat(s.recent[UserSide.RECENT_MAX - 1]).isEqualTo("x");
        assertThat(s.recent).doesNotContain("i0");
    }

    @Test
    void theQueryAStepReturnsIsTheUsersQueryAfterIt() {
        // the step builds the next query from the context vectors it already loaded: the same as building it anew
        MfConfig c = CONFIG.withContext(3, 0.7f);
        Loop loop = new Loop(c);
        List<Event> events = PlantedStreamEvents.events(20, 15, 3_000, 11);
        SplittableRandom rnd = new SplittableRandom(3);
        int compared = 0;
        for (Event e : events) {
            UserState s = loop.users.computeIfAbsent(e.userId, k -> loop.user.newState());
            UserSide.Outcome o = loop.user.apply(s, e, false, rnd);
            if (o.applied()) {
                assertThat(o.query()).containsExactly(loop.user.query(s));
                compared++;
            }
            for (ItemGradient g : o.gradients()) {
                ItemState is = loop.items.computeIfAbsent(g.itemId, k -> loop.item.create(g));
                loop.item.apply(is, g);
                if (!g.itemId.endsWith("7")) { // some items stay unpublished: their id-seeded starts are used
                    loop.cache.upsert(g.itemId, is.vec, is.version);
                    loop.contexts.upsert(g.itemId, is.ctx, is.version);
                }
            }
        }
        assertThat(compared).isGreaterThan(2_000);
    }
}

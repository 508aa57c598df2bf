package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.List;
import io.streamrec.flink.state.WriteBehindOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operator test harnesses for the two learner functions (the user side reads item vectors from a real Redis). */
class LearnerFunctionsIT {
    static EmbeddedRedis redis;
    static LearnerSettings settings;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start(Path.of("target/it-learner-redis"), 0, false);
        settings = new LearnerSettings(MfConfig.defaults().withDim(8), EventWeights.defaults(), 100, 0.5, 1000, 10, 1.0,
                new RedisSettings(redis.url(), 2000, 4, 500, "harness"));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** The user learner with {@code s}, recent items and baskets as {@link UserLearnerHarness} has them. */
    static UserLearnerFunction learner(LearnerSettings s) {
        return new UserLearnerFunction(s, UserLearnerHarness.recentItems(), 0, UserLearnerHarness.purchases());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> userHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(learner(settings)),
                e -> e.userId, Types.STRING);
    }

    @Test
    void userLearnerKeepsOneVectorPerUserAndMessagesItemOwners() throws Exception {
        try (var h = userHarness()) {
            h.open();
            long t = 1_700_000_000_000L;
            for (int i = 0; i < 40; i++) {
                h.processElement(new StreamRecord<>(Event.of("u" + (i % 4), "i" + (i % 7), EventType.VIEW, t + i), t + i));
            }
            h.processElement(new StreamRecord<>(Event.of("u0", "i3", EventType.IMPRESSION, t + 100), t + 100));
            List<VectorUpdate> out = h.extractOutputValues();
            assertThat(out).hasSize(41);
            assertThat(h.numKeyedStateEntries()).isEqualTo(4);
            for (VectorUpdate u : out) {
                assertThat(u.vec).hasSize(9).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
                assertThat(u.vec[8]).isEqualTo(1f);
            }
            VectorUpdate last = out.get(out.size() - 1);
            assertThat(last.id).isEqualTo("u0");
            assertThat(last.version).isEqualTo(11);
            var grads = h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS);
            assertThat(grads).isNotEmpty();
            assertThat(grads.stream().map(StreamRecord::getValue)).allSatisfy(g -> {
                assertThat(g.target == null ? g.context : g.target).isNotNull();
                if (g.target != null) {
                    assertThat(g.target).hasSize(9).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
                }
                if (g.context != null) {
                    assertThat(g.context).hasSize(8).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
                }
            });
        }
    }

    @Test
    void negativeSamplerSurvivesACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        long t = 1_700_000_000_000L;
        try (var h = userHarness()) {
            h.open();
            for (int i = 0; i < 30; i++) {
                h.processElement(new StreamRecord<>(Event.of("u" + i, "i" + (i % 5), EventType.PURCHASE, t + i), t + i));
            }
            snapshot = h.snapshot(1, t + 100);
        }
        try (var h = userHarness()) {
            h.initializeState(snapshot);
            h.open();
            // a known user after restore: state is back (version 2 after this event) and negatives are sampled at once
            h.processElement(new StreamRecord<>(Event.of("u1", "i0", EventType.VIEW, t + 200), t + 200));
            assertThat(h.extractOutputValues()).singleElement().satisfies(u -> assertThat(u.version).isEqualTo(2));
            var grads = h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS).stream().map(StreamRecord::getValue).toList();
            List<BundledGradient> targets = grads.stream().filter(g -> g.target != null).toList();
            // five items were bought before the checkpoint; the event's own is never its negative
            assertThat(targets).hasSize(1 + Math.min(settings.model().negatives(), 4));
            assertThat(targets.subList(1, targets.size())).noneMatch(g -> g.itemId.equals("i0"));
        }
    }

    @Test
    void itemLearnerCreatesUpdatesAndVersionsItemVectors() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate>(
                new KeyedProcessOperator<>(new ItemLearnerFunction(settings)), g -> g.itemId, Types.STRING)) {
            h.open();
            float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", "living", -0.5f, u, 1)), 1));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", null, -0.5f, u, 2)), 2));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("lamp", "living", 0.2f, u, 3)), 3));
            float[] poisoned = u.clone();
            poisoned[0] = Float.NaN;
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("lamp", null, 0.2f, poisoned, 4)), 4));
            List<VectorUpdate> out = h.extractOutputValues();
            assertThat(out).extracting(o -> o.id + "@" + o.version).containsExactly("sofa@1", "sofa@2", "lamp@1");
            assertThat(out.get(1).vec[8]).isGreaterThan(out.get(0).vec[8]); // negative coef raises the bias
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Test
    void anItemIsPublishedWhenNewAndThenOnceItMovedByTheDriftShareOfItsNorm() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate>(
                new KeyedProcessOperator<>(new ItemLearnerFunction(settings.withPublishDrift(0.5f, 0))), g -> g.itemId,
                Types.STRING)) {
            h.open();
            float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
            for (int t = 1; t <= 40; t++) {
                h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", "living", -0.05f, u, t)), t));
            }
            List<VectorUpdate> out = h.extractOutputValues();
            assertThat(out.get(0).version).as("a new item is published at once").isEqualTo(1);
            assertThat(out.size()).as("small steps wait until they add up").isBetween(2, 20);
            for (int i = 1; i < out.size(); i++) {
                assertThat(out.get(i).version).isGreaterThan(out.get(i - 1).version + 1);
            }
        }
    }

    @Test
    void smallMovesArePublishedAfterTheDelayOrAtTheEndOfInputAndWaitAcrossACheckpoint() throws Exception {
        LearnerSettings s = settings.withPublishDrift(10f, 1000).withStateCache(2); // a cache smaller than the items
        float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = itemHarness(s)) {
            h.open();
            h.setProcessingTime(100);
            for (int t = 1; t <= 3; t++) {
                h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", "living", -0.05f, u, t)), t));
            }
            assertThat(versions(h)).as("new items go out at once, small moves wait").containsExactly("sofa@1");
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("chair", "living", -0.05f, u, 4)), 4));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("table", "living", -0.05f, u, 5)), 5));
            h.setProcessingTime(1100);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("lamp", "living", 0.2f, u, 6)), 6));
            assertThat(versions(h)).as("the delay is over: what waited goes out on the operator's tick")
                    .containsExactly("sofa@1", "chair@1", "table@1", "sofa@3", "lamp@1");
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", null, -0.05f, u, 7)), 7));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1200);
            assertThat(versions(h)).as("a barrier sends nothing: the checkpoint keeps what waits").endsWith("sofa@3", "lamp@1");
        }
        try (var h = itemHarness(s)) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1300);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("chair", null, -0.05f, u, 8)), 8));
            assertThat(versions(h)).isEmpty();
            h.setProcessingTime(2099);
            assertThat(versions(h)).isEmpty();
            h.setProcessingTime(2150); // its delay (since 1100) and at most one tick, a twentieth of the delay
            assertThat(versions(h)).as("restored: sofa goes out the delay after its move, with no message to wake it")
                    .containsExactly("sofa@4");
            h.getOutput().clear();
            h.endInput();
            assertThat(versions(h)).as("the end of input publishes what waits").containsExactly("chair@2");
        }
    }

    @Test
    void withoutADelaySmallMovesWaitForTheBarrier() throws Exception {
        float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
        try (var h = itemHarness(settings.withPublishDrift(10f, 0))) {
            h.open();
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", "living", -0.05f, u, 1)), 1));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", null, -0.05f, u, 2)), 2));
            h.setProcessingTime(1_000_000);
            assertThat(versions(h)).containsExactly("sofa@1");
            h.prepareSnapshotPreBarrier(1);
            assertThat(versions(h)).containsExactly("sofa@1", "sofa@2");
        }
    }

    @Test
    void eachItemsSmallMovesGoOutTheDelayAfterItsOwnFirstOne() throws Exception {
        LearnerSettings s = settings.withPublishDrift(10f, 1000);
        float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
        try (var h = itemHarness(s)) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", "living", -0.05f, u, 1)), 1));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("chair", "living", -0.05f, u, 2)), 2));
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("sofa", null, -0.05f, u, 3)), 3));
            h.setProcessingTime(600);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("chair", null, -0.05f, u, 4)), 4));
            assertThat(versions(h)).as("new items at once, small moves wait").containsExactly("sofa@1", "chair@1");
            h.setProcessingTime(1000);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("lamp", "living", 0.2f, u, 5)), 5));
            assertThat(versions(h)).as("sofa waited since 0 (out on the tick); chair since 600")
                    .containsExactly("sofa@1", "chair@1", "sofa@2", "lamp@1");
            h.setProcessingTime(1600);
            h.processElement(new StreamRecord<>(BundledGradient.of(new ItemGradient("lamp", null, 0.2f, u, 6)), 6));
            assertThat(versions(h)).endsWith("chair@2");
        }
    }

    static KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate> itemHarness(LearnerSettings s)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new ItemLearnerOperator(new ItemLearnerFunction(s)),
                g -> g.itemId, Types.STRING);
    }

    static List<String> versions(KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate> h) {
        return h.extractOutputValues().stream().map(o -> o.id + "@" + o.version).toList();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> bundledHarness(LearnerSettings s)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new UserLearnerOperator(learner(s)),
                e -> e.userId, Types.STRING);
    }

    static List<BundledGradient> messages(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS) == null ? List.of()
                : h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS).stream().map(StreamRecord::getValue).toList();
    }

    static int contributions(List<BundledGradient> ms) {
        return ms.stream().mapToInt(BundledGradient::contributions).sum();
    }

    static void events(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h, int from, int to, long t)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new StreamRecord<>(Event.of("u" + (i % 3), "i" + (i % 4), EventType.VIEW, t + i), t + i));
        }
    }

    @Test
    void aBundleClosesOnSizeWithOneMessagePerItem() throws Exception {
        long t = 1_700_000_000_000L;
        try (var h = bundledHarness(settings.withBundles(6, 0, 0))) {
            h.open();
            events(h, 0, 5, t);
            assertThat(h.extractOutputValues()).as("user vectors are published per event").hasSize(5);
            assertThat(messages(h)).as("the bundle is still open").isEmpty();
            events(h, 5, 6, t);
            List<BundledGradient> ms = messages(h);
            assertThat(ms).isNotEmpty();
            assertThat(ms).extracting(g -> g.itemId).doesNotHaveDuplicates();
            // each of the 6 events scored its item (4 distinct ones) and its negatives: more contributions than messages
            assertThat(contributions(ms)).isGreaterThan(ms.size());
            assertThat(ms.stream().filter(g -> g.target != null).mapToInt(g -> g.targets).sum()).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void aBundleClosesOnAProcessingTimeTimer() throws Exception {
        long t = 1_700_000_000_000L;
        try (var h = bundledHarness(settings.withBundles(1000, 20, 0))) {
            h.setProcessingTime(0);
            h.open();
            events(h, 0, 3, t);
            h.setProcessingTime(19);
            assertThat(messages(h)).isEmpty();
            h.setProcessingTime(20);
            List<BundledGradient> ms = messages(h);
            assertThat(ms).isNotEmpty();
            assertThat(ms.stream().filter(g -> g.target != null).mapToInt(g -> g.targets).sum()).isGreaterThanOrEqualTo(3);
            // the next event opens a new bundle with a new timer
            events(h, 3, 4, t);
            h.setProcessingTime(40);
            assertThat(messages(h).size()).isGreaterThan(ms.size());
        }
    }

    @Test
    void anOpenBundleIsCheckpointedNotLostAndClosedAtTheEndOfInput() throws Exception {
        long t = 1_700_000_000_000L;
        LearnerSettings bundled = settings.withBundles(1000, 0, 0);
        // the same 10 events without an interruption, one bundle closed at the end of input
        List<BundledGradient> straight;
        try (var h = bundledHarness(bundled)) {
            h.open();
            events(h, 0, 10, t);
            h.endInput();
            straight = messages(h);
        }
        OperatorSubtaskState snapshot;
        try (var h = bundledHarness(bundled)) {
            h.open();
            events(h, 0, 6, t);
            snapshot = h.snapshot(1, t + 6);
            assertThat(messages(h)).as("a checkpoint keeps the open bundle in state, it does not send it").isEmpty();
        }
        try (var h = bundledHarness(bundled)) {
            h.initializeState(snapshot);
            h.open();
            events(h, 6, 10, t);
            assertThat(messages(h)).isEmpty();
            h.endInput();
            List<BundledGradient> restored = messages(h);
            assertThat(contributions(restored)).isEqualTo(contributions(straight)).isPositive();
            assertThat(restored).extracting(g -> g.itemId + ":" + g.targets + "/" + g.contexts)
                    .containsExactlyElementsOf(straight.stream().map(g -> g.itemId + ":" + g.targets + "/" + g.contexts).toList());
            for (int k = 0; k < straight.size(); k++) {
                if (straight.get(k).target != null) {
                    assertThat(restored.get(k).target).containsExactly(straight.get(k).target,
                            org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void eventsOfABundlePickTheirNegativesFromOneSharedSample() throws Exception {
        long t = 1_700_000_000_000L;
        for (int shared : new int[] {0, 4}) {
            try (var h = bundledHarness(settings.withBundles(40, 0, shared))) {
                h.open();
                // first bundle: 40 purchases fill the negative sampler with items c0..c39
                for (int i = 0; i < 40; i++) {
                    h.processElement(new StreamRecord<>(Event.of("seed" + i, "c" + i, EventType.PURCHASE, t + i), t + i));
                }
                int first = messages(h).size();
                // second bundle: 20 purchases of new items p0..p19, 8 negatives each
                for (int i = 0; i < 20; i++) {
                    h.processElement(new StreamRecord<>(Event.of("buyer" + i, "p" + i, EventType.PURCHASE, t + 100 + i),
                            t + 100 + i));
                }
                h.endInput();
                List<BundledGradient> second = messages(h).subList(first, messages(h).size());
                int negativeContributions = second.stream().filter(g -> g.target != null).mapToInt(g -> g.targets).sum() - 20;
                List<BundledGradient> negatives = second.stream()
                        .filter(g -> g.target != null && g.itemId.startsWith("c")).toList();
                if (shared == 4) {
                    // the pool was drawn when the sampler held c0..c39: every event takes all 4 of them
                    assertThat(negativeContributions).isEqualTo(20 * 4);
                    assertThat(negatives).as("one shared sample of 4 items for the whole bundle").hasSize(4)
                            .allSatisfy(g -> assertThat(g.targets).isEqualTo(20));
                } else {
                    assertThat(negativeContributions).as("8 fresh negatives per event").isEqualTo(20 * 8);
                    assertThat(negatives).hasSizeGreaterThan(4);
                }
            }
        }
    }

    /** The item learner with its state cache, on RocksDB (on the heap backend the caches stay off). */
    static KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate> cachedItemHarness(int cache)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new WriteBehindOperator<>(new ItemLearnerFunction(settings.withStateCache(cache))), g -> g.itemId,
                Types.STRING);
        h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
        return h;
    }

    /** The items whose state the harness's keyed-state backend holds (what the cache wrote back). */
    static java.util.Set<String> storedItems(KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate> h) {
        java.util.Set<String> written = new java.util.HashSet<>();
        try (java.util.stream.Stream<Object> keys = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h
                .getOperator()).getKeyedStateBackend().getKeys(ItemLearnerFunction.ITEM_STATE,
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            keys.forEach(k -> written.add((String) k));
        }
        return written;
    }

    static StreamRecord<BundledGradient> message(String item, float coef, long t) {
        float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
        return new StreamRecord<>(BundledGradient.of(new ItemGradient(item, "living", coef, u, t)), t);
    }

    static final int[] ORDER = {0, 1, 0, 1, 2, 3, 0, 2, 1, 3, 3, 0};

    @Test
    void cachedItemStatesReachKeyedStateOnEvictionAndBeforeACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        List<VectorUpdate> uncached;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate>(
                new KeyedProcessOperator<>(new ItemLearnerFunction(settings)), g -> g.itemId, Types.STRING)) {
            h.open();
            for (int i = 0; i < 12; i++) {
                h.processElement(message("i" + ORDER[i], -0.5f + 0.1f * i, i));
            }
            uncached = h.extractOutputValues();
        }
        try (var h = cachedItemHarness(2)) {
            h.open();
            for (int i = 0; i < 6; i++) {
                h.processElement(message("i" + ORDER[i], -0.5f + 0.1f * i, i));
            }
            // 4 items through a cache of 2 of which at most 1 may wait changed: evictions and that bound wrote
            // i0, i1 and i2 back, i3 waits for the barrier
            assertThat(storedItems(h)).containsExactlyInAnyOrder("i0", "i1", "i2");
            // as the task does at a checkpoint: the operator's step before the barrier, then the snapshot
            h.prepareSnapshotPreBarrier(1);
            assertThat(storedItems(h)).as("written back before the barrier").hasSize(4);
            snapshot = h.snapshot(1, 6);
        }
        try (var h = cachedItemHarness(2)) {
            h.initializeState(snapshot);
            h.open();
            for (int i = 6; i < 12; i++) {
                h.processElement(message("i" + ORDER[i], -0.5f + 0.1f * i, i));
            }
            List<VectorUpdate> out = h.extractOutputValues();
            // the restored run continues exactly where the uncached one is after the same messages
            for (int k = 0; k < out.size(); k++) {
                VectorUpdate want = uncached.get(6 + k);
                assertThat(out.get(k).id + "@" + out.get(k).version).isEqualTo(want.id + "@" + want.version);
                assertThat(out.get(k).vec).containsExactly(want.vec);
            }
        }
    }

    @Test
    void theValuesWrittenBackBeforeTheBarrierAreTheOnesChangedLeastRecently() throws Exception {
        try (var h = cachedItemHarness(100)) { // at most 2 changed values wait
            h.open();
            // a hot item between cold ones: each cold one pushes the changes over the bound
            String[] order = {"hot", "a", "hot", "b", "hot", "c", "hot", "d"};
            for (int i = 0; i < order.length; i++) {
                h.processElement(message(order[i], -0.5f, i));
            }
            assertThat(storedItems(h)).as("the hot item waits for the barrier; the cold ones went first")
                    .containsExactlyInAnyOrder("a", "b", "c");
            h.prepareSnapshotPreBarrier(1);
            assertThat(storedItems(h)).hasSize(5);
        }
    }

    @Test
    void atMostAFiftiethOfTheCacheWaitsForTheBarrier() throws Exception {
        try (var h = cachedItemHarness(100)) {
            h.open();
            for (int i = 0; i < 5; i++) {
                h.processElement(message("i" + i, -0.5f, i));
            }
            // a cache of 100 keeps at most 2 changed states back: the 3 changed longest ago are written already
            assertThat(storedItems(h)).containsExactlyInAnyOrder("i0", "i1", "i2");
            // i0 changes again: now i3, i4 and i0 wait, one too many, so i3 is written
            h.processElement(message("i0", 0.5f, 5));
            assertThat(storedItems(h)).containsExactlyInAnyOrder("i0", "i1", "i2", "i3");
            h.prepareSnapshotPreBarrier(1);
            assertThat(storedItems(h)).hasSize(5);
        }
    }
}

package io.streamrec.flink.cooc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.CoOccurrence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserLearnerHarness;
import io.streamrec.flink.learn.VectorUpdate;
import org.junit.jupiter.api.Test;

class CooccurrenceFunctionsTest {
    @Test
    void theItemStateIsAFlinkPojoOfItsStoredFieldsOnly() {
        // the neighbours' hash codes are transient: the POJO form the versions before stored (and the state
        // serializer migrates from, io.streamrec.flink.wire.StateSerializersTest) holds the counts only
        var info = org.apache.flink.api.common.typeinfo.TypeInformation.of(CoOccurrence.State.class);
        assertThat(info).isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
        var pojo = (org.apache.flink.api.java.typeutils.PojoTypeInfo<CoOccurrence.State>) info;
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < pojo.getArity(); i++) {
            fields.add(pojo.getPojoFieldAt(i).getField().getName());
        }
        assertThat(fields).containsExactlyInAnyOrder("landmark", "count", "ids", "counts", "lastTs", "version");
    }

    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;
    private static final CoOccurrence MODEL = new CoOccurrence(
            new CoOccurrence.Settings(30 * 86_400_000d, 10, 2, 30 * MIN, 0));

    /** The user learner's baskets in a plain operator, each event's counts sent with it; opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> baskets() throws Exception {
        return baskets(MODEL);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> baskets(CoOccurrence model)
            throws Exception {
        var h = UserLearnerHarness.plain(new UserLearnerFunction(UserLearnerHarness.settings(),
                UserLearnerHarness.recentItems(), 0, model));
        h.open();
        return h;
    }

    /** The user learner in its operator with {@code cache} users on the heap, counts bundled by {@code bundleEvents}, not opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> userOperator(CoOccurrence model,
            int cache, int bundleEvents, long bundleMs) throws Exception {
        return UserLearnerHarness.operator(new UserLearnerFunction(UserLearnerHarness.settings()
                .withStateCache(cache, 1, 0).withBundles(bundleEvents, bundleMs, 0), UserLearnerHarness.recentItems(), 0, model));
    }

    private static List<CooccurrenceUpdate> pairs(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return UserLearnerHarness.pairs(h);
    }

    /** Not opened yet: restore first ({@code initializeState}), then {@code open}. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CooccurrenceUpdate, ItemNeighbours> items(int cache)
            throws Exception {
        // as the job runs it: the items' state behind the write-behind cache (at most one waiting for the
        // barrier, so evictions happen on this small stream); 0: a plain operator, every access to the backend
        return new KeyedOneInputStreamOperatorTestHarness<>(cache == 0
                ? new KeyedProcessOperator<>(new CooccurrenceFunction(MODEL))
                : new io.streamrec.flink.state.WriteBehindOperator<>(new CooccurrenceFunction(MODEL, cache, 1)),
                u -> u.itemId, Types.STRING);
    }

    private static Event purchase(String user, String item, long ts) {
        return Event.of(user, item, EventType.PURCHASE, ts);
    }

    /** Opened; {@code cache} 0: a plain operator; else as the job runs it, the baskets behind the write-behind cache. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> baskets(int cache)
            throws Exception {
        if (cache == 0) {
            return baskets();
        }
        var h = userOperator(MODEL, cache, 1, 0);
        h.open();
        return h;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 8})
    void aBasketPairsEachNewItemWithItsLatestItemsBothWaysAndTheGapClosesIt(int cache) throws Exception {
        try (var h = baskets(cache)) {
            h.processElement(purchase("u", "a", T0), T0);
            h.processElement(purchase("u", "b", T0 + MIN), T0 + MIN);
            h.processElement(purchase("u", "b", T0 + 2 * MIN), T0 + 2 * MIN); // already in the basket
            h.processElement(Event.of("u", "x", EventType.REMOVE_FROM_CART, T0 + 2 * MIN), T0 + 2 * MIN);
            h.processElement(Event.of("u", "y", EventType.VIEW, T0 + 2 * MIN), T0 + 2 * MIN); // not a purchase
            h.processElement(purchase("v", "c", T0 + 2 * MIN), T0 + 2 * MIN); // another user's basket
            h.processElement(purchase("u", "c", T0 + 3 * MIN), T0 + 3 * MIN);
            h.processElement(purchase("u", "d", T0 + 4 * MIN), T0 + 4 * MIN); // pairs with b and c only
            // one message per item an event counts for, the item's own first
            assertThat(pairs(h)).extracting(Object::toString).containsExactly(
                    "a@" + T0,
                    "b@" + (T0 + MIN) + ", b~a@" + (T0 + MIN), "a~b@" + (T0 + MIN),
                    "c@" + (T0 + 2 * MIN),
                    "c@" + (T0 + 3 * MIN) + ", c~a@" + (T0 + 3 * MIN) + ", c~b@" + (T0 + 3 * MIN),
                    "a~c@" + (T0 + 3 * MIN), "b~c@" + (T0 + 3 * MIN),
                    "d@" + (T0 + 4 * MIN) + ", d~b@" + (T0 + 4 * MIN) + ", d~c@" + (T0 + 4 * MIN),
                    "b~d@" + (T0 + 4 * MIN), "c~d@" + (T0 + 4 * MIN));
            h.prepareSnapshotPreBarrier(1); // the cached baskets written back, as before a barrier
            assertThat(h.numEventTimeTimers()).as("a basket's end each").isEqualTo(2);
            // u's timer, set when its basket opened at T0, fires; its last item came at T0 + 4 min: kept, timer moved on
            h.processWatermark(T0 + 32 * MIN);
            h.prepareSnapshotPreBarrier(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            h.processWatermark(T0 + 40 * MIN); // past the gap of both baskets: the timers drop them
            assertThat(h.numEventTimeTimers()).isZero();
            UserLearnerHarness.clear(h, UserLearnerFunction.PAIR_COUNTS);
            h.processElement(purchase("u", "e", T0 + 41 * MIN), T0 + 41 * MIN);
            assertThat(pairs(h)).extracting(Object::toString).as("a new basket: e pairs with nothing")
                    .containsExactly("e@" + (T0 + 41 * MIN));
        }
    }

    @Test
    void withEveryPositiveEventCountedViewsAndCartsFillTheBasketAndRemovalsDoNot() throws Exception {
        CoOccurrence views = new CoOccurrence(new CoOccurrence.Settings(30 * 86_400_000d, 10, 2, 30 * MIN, 0, true));
        try (var h = baskets(views)) {
            h.processElement(Event.of("u", "a", EventType.VIEW, T0), T0);
            h.processElement(Event.of("u", "x", EventType.REMOVE_FROM_CART, T0 + MIN), T0 + MIN); // not positive
            h.processElement(Event.of("u", "b", EventType.ADD_TO_CART, T0 + 2 * MIN), T0 + 2 * MIN);
            assertThat(pairs(h)).extracting(Object::toString).containsExactly(
                    "a@" + T0, "b@" + (T0 + 2 * MIN) + ", b~a@" + (T0 + 2 * MIN), "a~b@" + (T0 + 2 * MIN));
        }
    }

    @Test
    void aForgottenUsersBasketIsDroppedAtOnce() throws Exception {
        try (var h = baskets()) {
            h.processElement(purchase("u", "a", T0), T0);
            h.processElement(Event.of("u", null, EventType.FORGET_USER, T0 + MIN), T0 + MIN);
            h.processElement(purchase("u", "b", T0 + 2 * MIN), T0 + 2 * MIN);
            assertThat(pairs(h)).extracting(Object::toString)
                    .containsExactly("a@" + T0, "b@" + (T0 + 2 * MIN)); // b pairs with nothing
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 8})
    void itemsPublishTheirNeighboursAndTheCountsSurviveARestore(int cache) throws Exception {
        List<CooccurrenceUpdate> updates = new ArrayList<>();
        for (int basket = 0; basket < 4; basket++) { // four baskets with a: b in three, c in one
            long ts = T0 + basket * 60 * MIN;
            updates.add(CooccurrenceUpdate.of("a", null, ts));
            String other = basket < 3 ? "b" : "c";
            updates.add(CooccurrenceUpdate.of("a", other, ts));
        }
        OperatorSubtaskState snapshot;
        Map<String, ItemNeighbours> last = new HashMap<>();
        try (var h = items(cache)) {
            h.open();
            for (CooccurrenceUpdate u : updates.subList(0, 4)) {
                h.processElement(u, u.ts[0]);
            }
            h.prepareSnapshotPreBarrier(1); // as the task does before the barrier: the cache written back
            snapshot = h.snapshot(1, T0);
        }
        try (var h = items(cache)) {
            h.initializeState(snapshot);
            h.open();
            for (CooccurrenceUpdate u : updates.subList(4, updates.size())) {
                h.processElement(u, u.ts[0]);
            }
            h.extractOutputValues().forEach(n -> last.put(n.itemId, n));
        }
        ItemNeighbours a = last.get("a");
        assertThat(a.version).isEqualTo(8);
        assertThat(a.ids).containsExactly("b", "c");
        // decay over three hours of a 30-day half-life is small: shares close to 3/4 and 1/4
        assertThat(a.shares[0]).isCloseTo(0.75, within(1e-3));
        assertThat(a.shares[1]).isCloseTo(0.25, within(1e-3));
        assertThat(a.shares[0] + a.shares[1]).isCloseTo(1.0, within(1e-12)); // each basket held one of them
    }

    @Test
    void withAPublishIntervalAChangedItemsListGoesOutOncePerIntervalAndSurvivesACheckpoint() throws Exception {
        CoOccurrence model = new CoOccurrence(new CoOccurrence.Settings(30 * 86_400_000d, 10, 2, 30 * MIN, 0, false, 5, 1000));
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState checkpoint;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new io.streamrec.flink.state.WriteBehindOperator<>(new CooccurrenceFunction(model, 8, 1)), (CooccurrenceUpdate u) -> u.itemId,
                Types.STRING)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(CooccurrenceUpdate.of("a", null, T0), T0);
            h.processElement(CooccurrenceUpdate.of("a", "b", T0), T0);
            h.processElement(CooccurrenceUpdate.of("b", "a", T0), T0);
            h.processElement(CooccurrenceUpdate.of("a", "c", T0), T0);
            h.processElement(CooccurrenceUpdate.of("c", null, T0), T0); // no neighbours: nothing to publish
            assertThat(h.extractOutputValues()).isEmpty(); // nothing before the interval has passed
            h.setProcessingTime(999);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(1000);
            assertThat(h.extractOutputValues()).extracting(n -> n.itemId + "@" + n.version + List.of(n.ids))
                    .containsExactly("a@3[b, c]", "b@1[a]"); // one list each, as of its latest change
            h.getOutput().clear();
            h.processElement(CooccurrenceUpdate.of("a", "c", T0 + MIN), T0 + MIN);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).as("a barrier sends nothing: the checkpoint keeps what waits").isEmpty();
            checkpoint = h.snapshot(1, 1000);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new io.streamrec.flink.state.WriteBehindOperator<>(new CooccurrenceFunction(model, 8, 1)), (CooccurrenceUpdate u) -> u.itemId,
                Types.STRING)) {
            h.setProcessingTime(1000);
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(2000); // restored: a's list goes out its interval after its change
            assertThat(h.extractOutputValues()).extracting(n -> n.itemId + "@" + n.version + List.of(n.ids))
                    .containsExactly("a@4[c, b]");
            h.getOutput().clear();
            h.processElement(CooccurrenceUpdate.of("b", "c", T0 + MIN), T0 + MIN);
            h.endInput(); // a bounded input ends before the timer: published all the same
            assertThat(h.extractOutputValues()).extracting(n -> n.itemId + "@" + n.version + List.of(n.ids))
                    .containsExactly("b@2[c, a]"); // c counted later: forward decay weighs it more
        }
    }
    private static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> bundled(int events, long ms)
            throws Exception {
        var h = userOperator(MODEL, 8, events, ms);
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    @Test
    void aBundleSendsEachItemsCountsInOneMessageInTheOrderTheyWereMade() throws Exception {
        try (var h = bundled(3, 0)) {
            h.processElement(purchase("u", "a", T0), T0);
            h.processElement(purchase("u", "b", T0 + MIN), T0 + MIN);
            assertThat(pairs(h)).as("the bundle is open").isEmpty();
            h.processElement(purchase("v", "a", T0 + MIN), T0 + MIN); // the third event closes it
            assertThat(pairs(h)).extracting(Object::toString).containsExactly(
                    "a@" + T0 + ", a~b@" + (T0 + MIN) + ", a@" + (T0 + MIN),
                    "b@" + (T0 + MIN) + ", b~a@" + (T0 + MIN));
            UserLearnerHarness.clear(h, UserLearnerFunction.PAIR_COUNTS);
            h.processElement(purchase("u", "c", T0 + 2 * MIN), T0 + 2 * MIN);
            h.prepareSnapshotPreBarrier(1); // the barrier closes the bundle: a checkpoint holds none
            assertThat(pairs(h)).extracting(Object::toString).containsExactly(
                    "c@" + (T0 + 2 * MIN) + ", c~a@" + (T0 + 2 * MIN) + ", c~b@" + (T0 + 2 * MIN),
                    "a~c@" + (T0 + 2 * MIN), "b~c@" + (T0 + 2 * MIN));
            UserLearnerHarness.clear(h, UserLearnerFunction.PAIR_COUNTS);
            h.processElement(purchase("u", "d", T0 + 3 * MIN), T0 + 3 * MIN);
            h.endInput(); // and so does the end of input
            assertThat(pairs(h)).hasSize(3);
        }
    }

    @Test
    void aBundleClosesOnTheTickWhenEventsComeSlowly() throws Exception {
        try (var h = bundled(256, 20)) {
            h.processElement(purchase("u", "a", T0), T0);
            h.processElement(purchase("u", "b", T0 + MIN), T0 + MIN);
            h.setProcessingTime(19);
            assertThat(pairs(h)).isEmpty();
            h.setProcessingTime(20);
            assertThat(pairs(h)).extracting(Object::toString).containsExactly(
                    "a@" + T0 + ", a~b@" + (T0 + MIN), "b@" + (T0 + MIN) + ", b~a@" + (T0 + MIN));
            UserLearnerHarness.clear(h, UserLearnerFunction.PAIR_COUNTS);
            h.processElement(purchase("u", "c", T0 + 2 * MIN), T0 + 2 * MIN);
            h.setProcessingTime(40); // the tick comes again
            assertThat(pairs(h)).hasSize(3);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 7, 64})
    void bundledCountsLeaveEveryItemsStateExactlyAsCountsSentOneByOne(int bundleEvents) throws Exception {
        // views pair with 5 partners, purchases with 30: long baskets of a few busy users, as in the learn benchmark
        CoOccurrence model = new CoOccurrence(new CoOccurrence.Settings(1 * 86_400_000d, 8, 30, 30 * MIN, 2, true, 5, 0));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String user = "u" + (int) (25 * Math.pow(rnd.nextDouble(), 2)); // a few busy users, long baskets
            String item = "i" + (int) (300 * Math.pow(rnd.nextDouble(), 2)); // a few popular items
            EventType type = rnd.nextInt(10) == 0 ? EventType.PURCHASE : EventType.VIEW;
            events.add(Event.of(user, item, type, T0 + i * 7 * MIN / 10));
        }
        var single = countsOf(events, model, 1);
        var bundled = countsOf(events, model, bundleEvents);
        assertThat(bundled.getValue()).as("messages").isLessThan(single.getValue());
        Map<String, CoOccurrence.State> oneByOne = single.getKey();
        Map<String, CoOccurrence.State> inBundles = bundled.getKey();
        assertThat(inBundles.keySet()).isEqualTo(oneByOne.keySet()).hasSizeGreaterThan(100);
        for (String item : oneByOne.keySet()) {
            CoOccurrence.State a = oneByOne.get(item), b = inBundles.get(item);
            assertThat(b.ids).as(item).containsExactly(a.ids);
            assertThat(b.counts).as(item).containsExactly(a.counts); // bit for bit: the same sums in the same order
            assertThat(b.count).as(item).isEqualTo(a.count);
            assertThat(b.version).as(item).isEqualTo(a.version);
            assertThat(b.landmark).as(item).isEqualTo(a.landmark);
        }
    }

    /** Every item's state after the user learner's count messages of {@code events}, bundled by {@code bundleEvents}; the messages. */
    private static Map.Entry<Map<String, CoOccurrence.State>, Integer> countsOf(List<Event> events, CoOccurrence model, int bundleEvents)
            throws Exception {
        Map<String, CoOccurrence.State> states = new HashMap<>();
        int messages = 0;
        try (var h = userOperator(model, 8, bundleEvents, 0)) {
            h.open();
            for (Event e : events) {
                h.processElement(e, e.ts);
            }
            h.endInput();
            for (CooccurrenceUpdate u : pairs(h)) {
                messages++;
                u.applyTo(model, states.computeIfAbsent(u.itemId, k -> new CoOccurrence.State())); // as the job does
            }
        }
        return Map.entry(states, messages);
    }
}

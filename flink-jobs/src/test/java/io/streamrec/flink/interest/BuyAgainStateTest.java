package io.streamrec.flink.interest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.core.model.RepurchaseState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserLearnerHarness;
import io.streamrec.flink.learn.VectorUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The re-purchase cycles (buy again) kept in the user learner's per-user value. */
class BuyAgainStateTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L;

    static RecentItems model() {
        return new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10,
                new CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 5), new Repurchase(3, 90 * DAY, 0.3, 3_600_000L, 2, 1));
    }

    /** The user learner as the job runs it, {@code cache} users' values on the heap (0: none). */
    static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> harness(int cache) throws Exception {
        return UserLearnerHarness.operator(new UserLearnerFunction(UserLearnerHarness.settings().withStateCache(cache, cache / 50, 0),
                model(), 0, UserLearnerHarness.purchases()));
    }

    /** Purchases, repeats, a view, a cancellation and one-off items that push the bounded state to evict. */
    static List<Event> events() {
        List<Event> out = new ArrayList<>();
        String[] users = {"ann", "bob"};
        for (int day = 0; day < 60; day += 3) {
            for (String u : users) {
                String item = day % 9 == 0 ? "coffee" : day % 6 == 0 ? "tea" : "once-" + day;
                out.add(new Event(null, u, item, EventType.PURCHASE, T0 + day * DAY, 2.0, null, null));
                out.add(new Event(null, u, "pan", EventType.VIEW, T0 + day * DAY + 1000, null, null, null));
            }
            if (day == 27) {
                out.add(new Event(null, "bob", "coffee", EventType.REMOVE_FROM_CART, T0 + day * DAY + 2000, 2.0, null, null));
            }
        }
        return out;
    }

    static List<UserRepurchase> sideOutput(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return UserLearnerHarness.buyAgain(h);
    }

    static RepurchaseState decode(UserRepurchase u) {
        return RepurchaseCodec.decode(u.encoded);
    }

    @Test
    void theStateAndItsDescriptionsAreFlinkPojos() {
        TypeInformation<RecentItemsState> state = TypeInformation.of(RecentItemsState.class);
        assertThat(state).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<RecentItemsState> pojo = (PojoTypeInfo<RecentItemsState>) state;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("rebuy"))).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(UserRepurchase.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void purchasesAndCancellationsEmitTheCyclesOtherEventsDoNot() throws Exception {
        try (var h = harness(0)) {
            h.open();
            h.processElement(new Event(null, "ann", "coffee", EventType.PURCHASE, T0, 1.0, null, null), T0);
            h.processElement(new Event(null, "ann", "coffee", EventType.VIEW, T0 + DAY, null, null, null), T0);
            h.processElement(new Event(null, "ann", "coffee", EventType.PURCHASE, T0 + 14 * DAY, 1.0, null, null), T0);
            h.processElement(new Event(null, "ann", "coffee", EventType.REMOVE_FROM_CART, T0 + 15 * DAY, 1.0, null, null), T0);
            h.processElement(new Event(null, "ann", "tea", EventType.REMOVE_FROM_CART, T0 + 15 * DAY, 1.0, null, null), T0);
            List<UserRepurchase> out = sideOutput(h);
            assertThat(out).extracting(u -> u.version).containsExactly(1L, 2L, 3L);
            assertThat(UserLearnerHarness.lists(h)).hasSize(5); // the recent items still follow every event
            RepurchaseState after = decode(out.get(2));
            assertThat(after.items).containsExactly("coffee");
            assertThat(after.intervals[0]).isEqualTo(14.0 * DAY);
            assertThat(after.counts[0]).isLessThan(decode(out.get(1)).counts[0]);
            assertThat(out.get(2).version).isEqualTo(after.version);
        }
    }

    @Test
    void aUserWhoNeverBoughtKeepsNoCycles() {
        RecentItems model = model();
        RecentItemsState s = new RecentItemsState();
        assertThat(model.apply(s, new Event(null, "ann", "tea", EventType.REMOVE_FROM_CART, T0, 1.0, null, null))).isFalse();
        assertThat(model.apply(s, new Event(null, "ann", "tea", EventType.VIEW, T0, null, null, null))).isFalse();
        assertThat(s.rebuy).isNull();
        assertThat(model.apply(s, new Event(null, "ann", "tea", EventType.PURCHASE, T0, 1.0, null, null))).isTrue();
        assertThat(s.rebuy.items).containsExactly("tea");
    }

    @Test
    void forgettingAUserEmitsTheTombstoneAndStartsAfresh() throws Exception {
        try (var h = harness(0)) {
            h.open();
            h.processElement(new Event(null, "ann", "coffee", EventType.PURCHASE, T0, 1.0, null, null), T0);
            h.processElement(EventParser.forgetUser("ann", T0 + DAY), T0);
            h.processElement(new Event(null, "ann", "tea", EventType.PURCHASE, T0 + 2 * DAY, 1.0, null, null), T0);
            List<UserRepurchase> out = sideOutput(h);
            assertThat(out.get(1).isForgotten()).isTrue();
            assertThat(out.get(1).userId).isEqualTo("ann");
            assertThat(out.get(2).version).isEqualTo(1);
            assertThat(decode(out.get(2)).items).containsExactly("tea");
        }
    }

    /**
     * Checkpoint-exact: a run snapshotted half way (through the write-behind cache, as the task does at a
     * barrier) and restored continues with exactly the cycles of a run without the interruption.
     */
    @Test
    void aSnapshotAndRestoreGiveIdenticalState() throws Exception {
        List<Event> events = events();
        int half = events.size() / 2;
        List<UserRepurchase> straight;
        try (var h = harness(0)) {
            h.open();
            for (Event e : events) {
                h.processElement(e, e.ts);
            }
            straight = sideOutput(h);
        }
        OperatorSubtaskState snapshot;
        List<UserRepurchase> resumed = new ArrayList<>();
        try (var h = harness(1)) { // a cache of one user: the other's state goes through the backend
            h.open();
            for (Event e : events.subList(0, half)) {
                h.processElement(e, e.ts);
            }
            resumed.addAll(sideOutput(h));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness(1)) {
            h.initializeState(snapshot);
            h.open();
            for (Event e : events.subList(half, events.size())) {
                h.processElement(e, e.ts);
            }
            resumed.addAll(sideOutput(h));
        }
        assertThat(resumed).hasSameSizeAs(straight);
        for (int i = 0; i < straight.size(); i++) {
            assertThat(resumed.get(i).userId).isEqualTo(straight.get(i).userId);
            assertThat(resumed.get(i).version).isEqualTo(straight.get(i).version);
            assertThat(decode(resumed.get(i))).usingRecursiveComparison().isEqualTo(decode(straight.get(i)));
        }
        RepurchaseState bob = decode(straight.get(straight.size() - 1));
        assertThat(bob.size()).isEqualTo(3); // bounded
        assertThat(List.of(bob.items)).contains("coffee", "tea");
    }
}

package io.streamrec.flink.interest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class RecentItemsFunctionTest {
    @Test
    void keepsOneStatePerUserAndEmitsTheRankedListAfterEachEvent() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, UserRecentItems> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RecentItemsFunction(model),
                             e -> e.userId, Types.STRING)) {
            h.processElement(Event.of("alice", "shoe", EventType.VIEW, 1000), 1000);
            h.processElement(Event.of("bob", "lamp", EventType.PURCHASE, 1000), 1000);
            h.processElement(Event.of("alice", "sock", EventType.PURCHASE, 2000), 2000);

            List<UserRecentItems> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            UserRecentItems last = out.get(2);
            assertThat(last.userId).isEqualTo("alice");
            assertThat(last.version).isEqualTo(2);
            assertThat(last.refTs).isEqualTo(2000);
            assertThat(last.items).containsExactlyInAnyOrder("sock", "shoe");
            assertThat(out.get(1).items).containsExactly("lamp");
            assertThat(out.get(1).version).isEqualTo(1);
            for (UserRecentItems u : out) {
                for (double s : u.scores) {
                    assertThat(Double.isFinite(s)).isTrue();
                }
            }
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    /** Delegates to a RecentItemsFunction and keeps its records as emitted (the harness's output holds copies). */
    static final class Recording extends KeyedProcessFunction<String, Event, UserRecentItems> {
        final RecentItemsFunction function;
        final List<UserRecentItems> emitted = new java.util.ArrayList<>();

        Recording(RecentItemsFunction function) {
            this.function = function;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            function.setRuntimeContext(getRuntimeContext());
            function.open(context);
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<UserRecentItems> out) throws Exception {
            function.processElement(e, ctx, new Collector<>() {
                @Override
                public void collect(UserRecentItems u) {
                    emitted.add(u);
                    out.collect(u);
                }

                @Override
                public void close() {}
            });
        }
    }

    @Test
    void eachRecordCarriesTheListsOfTheUsersVersionBefore() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        Recording f = new Recording(new RecentItemsFunction(model));
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, UserRecentItems> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(f, e -> e.userId, Types.STRING)) {
            h.processElement(Event.of("alice", "shoe", EventType.VIEW, 1000), 1000);
            h.processElement(Event.of("alice", "sock", EventType.PURCHASE, 2000), 2000);
            h.processElement(Event.of("alice", "sock", EventType.VIEW, 3000), 3000);
            List<UserRecentItems> out = f.emitted;
            assertThat(out.get(0).previous).as("a user's first record has none").isNull();
            for (int i = 1; i < out.size(); i++) {
                UserRecentItems before = out.get(i).previous;
                assertThat(before.version).isEqualTo(out.get(i - 1).version).isEqualTo(i);
                assertThat(before.items).containsExactly(out.get(i - 1).items);
                assertThat(before.scores).containsExactly(out.get(i - 1).scores);
                assertThat(before.bought).containsExactly(out.get(i - 1).bought);
                assertThat(before.previous).as("no chain of older versions").isNull();
            }
        }
    }

    @Test
    void aForgetTombstoneClearsTheUsersStateAndEmitsTheDeletion() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, UserRecentItems> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RecentItemsFunction(model),
                             e -> e.userId, Types.STRING)) {
            h.processElement(Event.of("alice", "shoe", EventType.PURCHASE, 1000), 1000);
            h.processElement(Event.of("bob", "lamp", EventType.VIEW, 1000), 1000);
            assertThat(h.extractOutputValues().get(0).bought).containsExactly("shoe");
            h.processElement(io.streamrec.core.event.EventParser.forgetUser("alice", 3000), 3000);
            assertThat(h.extractOutputValues().get(2).isForgotten()).isTrue();
            assertThat(h.extractOutputValues().get(2).userId).isEqualTo("alice");
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // only bob's
            h.processElement(Event.of("alice", "hat", EventType.VIEW, 4000), 4000);
            UserRecentItems fresh = h.extractOutputValues().get(3);
            assertThat(fresh.version).isEqualTo(1); // a new user as far as the job knows
            assertThat(fresh.items).containsExactly("hat");
            assertThat(fresh.bought).isEmpty();
        }
    }

    @Test
    void emitsTheCategoryInterestsAtTheReferenceTime() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10,
                new io.streamrec.core.interest.CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 5));
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, UserRecentItems> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RecentItemsFunction(model),
                             e -> e.userId, Types.STRING)) {
            long t = 1_700_000_000_000L;
            h.processElement(new Event(null, "u", "rake", EventType.PURCHASE, t, null, "garden", null), t);
            h.processElement(new Event(null, "u", "pan", EventType.VIEW, t + 30 * 60_000, null, "kitchen", null), t);
            UserRecentItems out = h.extractOutputValues().get(1);
            assertThat(out.categories).containsExactly("garden", "kitchen");
            assertThat(out.shortInterest[0]).isCloseTo(3.0, org.assertj.core.api.Assertions.within(1e-9)); // 6, one half-life ago
            assertThat(out.shortInterest[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(out.longInterest[0]).isGreaterThan(5.99);
        }
    }

    @Test
    void aUserInactiveForTheTimeToLiveStartsAfresh() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, UserRecentItems> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RecentItemsFunction(model, 3600),
                             e -> e.userId, Types.STRING)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(Event.of("u", "a", EventType.VIEW, 1000), 1000);
            h.setStateTtlProcessingTime(3_599_000);
            h.processElement(Event.of("u", "b", EventType.VIEW, 2000), 2000);
            assertThat(h.extractOutputValues().get(1).version).isEqualTo(2);
            h.setStateTtlProcessingTime(3_599_000 + 3_600_001);
            h.processElement(Event.of("u", "c", EventType.VIEW, 3000), 3000);
            UserRecentItems fresh = h.extractOutputValues().get(2);
            assertThat(fresh.version).isEqualTo(1);
            assertThat(fresh.items).containsExactly("c");
        }
    }
}

package io.streamrec.flink.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.decay.LogDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class TrendingFunctionTest {
    static final double H1 = 3_600_000d, H24 = 86_400_000d;

    static Map<String, ItemTrend> run(List<Event> events) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, ItemTrend> h = ProcessFunctionTestHarnesses
                .forKeyedProcessFunction(new TrendingFunction(EventWeights.defaults(), H1, H24), e -> e.itemId, Types.STRING)) {
            for (Event e : events) {
                h.processElement(e, e.ts);
            }
            Map<String, ItemTrend> last = new HashMap<>();
            h.extractOutputValues().forEach(t -> last.put(t.itemId, t));
            return last;
        }
    }

    @Test
    void decayedPopularityPerItemIsTheSameInAnyArrivalOrder() throws Exception {
        List<Event> events = new ArrayList<>();
        Random r = new Random(3);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 200; i++) {
            Event e = Event.of("u" + r.nextInt(20), "i" + r.nextInt(5), r.nextBoolean() ? EventType.VIEW : EventType.PURCHASE,
                    t0 + r.nextInt(10_000_000));
            e.category = "c" + (e.itemId.hashCode() % 2);
            events.add(e);
        }
        events.add(Event.of("u1", "i0", EventType.REMOVE_FROM_CART, t0)); // negative: no effect on popularity
        Map<String, ItemTrend> a = run(events);
        Collections.shuffle(events, new Random(9));
        Map<String, ItemTrend> b = run(events);
        assertThat(a.keySet()).isEqualTo(b.keySet());
        a.forEach((item, t) -> {
            assertThat(b.get(item).logShort).isCloseTo(t.logShort, within(1e-9));
            assertThat(b.get(item).logLong).isCloseTo(t.logLong, within(1e-9));
            assertThat(t.category).isNotNull();
        });
        // the long-window value equals the eagerly decayed sum of the item's positive weights
        long now = t0 + 10_000_000;
        double eager = events.stream().filter(e -> e.itemId.equals("i1") && EventWeights.defaults().weight(e) > 0)
                .mapToDouble(e -> EventWeights.defaults().weight(e) * Math.pow(0.5, (now - e.ts) / H24)).sum();
        assertThat(LogDecay.valueAt(a.get("i1").logLong, now, H24)).isCloseTo(eager, within(1e-9 * eager));
    }

    @Test
    void withAPublishIntervalEachChangedItemIsWrittenOncePerIntervalWithTheSameScores() throws Exception {
        List<Event> events = new ArrayList<>();
        Random r = new Random(5);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 100; i++) {
            events.add(Event.of("u" + r.nextInt(20), "i" + r.nextInt(4), EventType.VIEW, t0 + r.nextInt(1_000_000)));
        }
        Map<String, ItemTrend> everyEvent = run(events);
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.open();
            for (Event e : events.subList(0, 60)) {
                h.processElement(e, e.ts);
            }
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(1000);
            assertThat(h.extractOutputValues()).extracting(t -> t.itemId).doesNotHaveDuplicates().hasSize(4);
            h.getOutput().clear();
            for (Event e : events.subList(60, 100)) {
                h.processElement(e, e.ts);
            }
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).as("a barrier sends nothing: the checkpoint keeps what waits").isEmpty();
            checkpoint = h.snapshot(1, 1000);
        }
        try (var h = harness()) { // restored from the checkpoint: the waiting items go out on their clocks
            h.setProcessingTime(1000);
            h.initializeState(checkpoint);
            h.open();
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(2000);
            Map<String, ItemTrend> last = new HashMap<>();
            h.extractOutputValues().forEach(t -> last.put(t.itemId, t));
            assertThat(last.keySet()).isEqualTo(everyEvent.keySet());
            last.forEach((item, t) -> {
                assertThat(t.logShort).isEqualTo(everyEvent.get(item).logShort);
                assertThat(t.logLong).isEqualTo(everyEvent.get(item).logLong);
            });
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, ItemTrend> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new io.streamrec.flink.state.WriteBehindOperator<>(
                new TrendingFunction(EventWeights.defaults(), H1, H24, 100, 10, 1000)), (Event e) -> e.itemId, Types.STRING);
    }

    @Test
    void eachChangedItemGoesOutAnIntervalAfterItsOwnFirstChangeNotAllTogether() throws Exception {
        long t0 = 1_700_000_000_000L;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new io.streamrec.flink.state.WriteBehindOperator<>(
                new TrendingFunction(EventWeights.defaults(), H1, H24, 100, 10, 1000)), (Event e) -> e.itemId, Types.STRING)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(Event.of("u1", "a", EventType.VIEW, t0), t0);
            h.setProcessingTime(600);
            h.processElement(Event.of("u1", "b", EventType.VIEW, t0 + 1), t0 + 1);
            h.processElement(Event.of("u2", "a", EventType.VIEW, t0 + 2), t0 + 2); // a already waits since 0
            h.setProcessingTime(1000);
            assertThat(h.extractOutputValues()).extracting(t -> t.itemId).containsExactly("a");
            h.getOutput().clear();
            h.setProcessingTime(1599);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(1600);
            assertThat(h.extractOutputValues()).extracting(t -> t.itemId).containsExactly("b");
            h.getOutput().clear();
            h.setProcessingTime(5000);
            assertThat(h.extractOutputValues()).as("nothing changed since").isEmpty();
        }
    }
}

package io.streamrec.flink.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.interest.ArmFeedback;
import io.streamrec.flink.state.WriteBehindOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArmFeedbackFunctionTest {
    private static final ArmFeedback FEEDBACK = new ArmFeedback(3_600_000d);
    private static final long T0 = 1_700_000_000_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, ArmUpdate> harness(int cache) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(cache == 0
                ? new KeyedProcessOperator<>(new ArmFeedbackFunction(FEEDBACK))
                : new WriteBehindOperator<>(new ArmFeedbackFunction(FEEDBACK, cache, 1)), (Event e) -> e.category,
                Types.STRING);
    }

    private static List<Event> stream() {
        Random r = new Random(11);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            EventType t = r.nextInt(5) == 0 ? EventType.CLICK : EventType.IMPRESSION;
            Event e = Event.of("u" + r.nextInt(30), "i" + r.nextInt(50), t, T0 + i * 10_000L);
            e.category = "c" + r.nextInt(3);
            events.add(e);
        }
        return events;
    }

    /** Every update emitted over the stream, with a checkpoint and a restore half way. */
    private static List<String> run(int cache) throws Exception {
        List<Event> events = stream();
        List<String> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(cache)) {
            h.open();
            for (Event e : events.subList(0, 150)) {
                h.processElement(e, e.ts);
            }
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
            h.extractOutputValues().forEach(u -> out.add(u.category + ":" + u.impressions + "/" + u.clicks + "@" + u.refTs));
        }
        try (var h = harness(cache)) {
            h.initializeState(snapshot);
            h.open();
            for (Event e : events.subList(150, events.size())) {
                h.processElement(e, e.ts);
            }
            h.extractOutputValues().forEach(u -> out.add(u.category + ":" + u.impressions + "/" + u.clicks + "@" + u.refTs));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void categoriesOnTheHeapCountAsTheStateBackendDoesAcrossARestore(int cache) throws Exception {
        List<String> plain = run(0);
        assertThat(plain).hasSize(300);
        assertThat(plain.get(299)).doesNotContain(":0.0/0.0");
        assertThat(run(cache)).isEqualTo(plain);
    }
}

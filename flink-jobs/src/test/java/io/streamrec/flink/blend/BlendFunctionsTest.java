package io.streamrec.flink.blend;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.BlendWeights;
import io.streamrec.core.rank.ServedList;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The blend's two operators in harnesses: the per-user join of served lists and events, and the learner, restore-exact. */
class BlendFunctionsTest {
    static final long MINUTE = 60_000L;
    static final int SEG = BlendLearner.segment(10, 100);

    static ServedListRecord served(String user, long ts, String... shownThenRunnerUp) {
        List<ServedList.Item> items = new ArrayList<>();
        for (int i = 0; i < shownThenRunnerUp.length; i++) {
            boolean shown = i < shownThenRunnerUp.length - 1; // the last is a runner-up
            items.add(new ServedList.Item(shownThenRunnerUp[i], SEG, new double[] {0.5 - 0.1 * i, 0, 0, 0.1 * i, 0, 0},
                    shown));
        }
        return ServedListRecord.of(new ServedList(user, ts, null, 0, items));
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Event, ServedListRecord, BlendObservation> feedback()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new BlendFeedbackFunction(EventWeights.defaults(), 60 * MINUTE)),
                e -> e.userId, l -> l.userId, Types.STRING);
    }

    @Test
    void theNextPositiveEventAnswersTheListOnceAndImpressionsWait() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = feedback()) {
            h.open();
            h.processElement2(served("u1", 0, "a", "b", "c", "runner"), 0);
            h.processElement1(Event.of("u1", "b", EventType.IMPRESSION, 1000), 1000); // not an answer: the list waits
            snapshot = h.snapshot(1, 1000);
        }
        try (var h = feedback()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement1(Event.of("u1", "runner", EventType.CLICK, 2000), 2000);
            h.processElement1(Event.of("u1", "a", EventType.CLICK, 3000), 3000); // the list was used up
            List<BlendObservation> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            ServedList.Feedback f = out.get(0).feedback();
            assertThat(f.taken()).containsExactly(served("u1", 0, "a", "b", "c", "runner").toList().items().get(3).parts());
            assertThat(f.taken()[3]).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(f.others()).hasSize(3); // every item shown; the runner-up only as the item taken
            assertThat(f.otherSegments()).containsOnly(SEG);
        }
    }

    @Test
    void aListIsLostToAnItemNotInItToLateEventsToTheTombstoneAndToItsTimer() throws Exception {
        try (var h = feedback()) {
            h.open();
            h.processElement2(served("u1", 0, "a", "b", "r"), 0);
            h.processElement1(Event.of("u1", "elsewhere", EventType.VIEW, 1000), 1000);
            h.processElement1(Event.of("u1", "a", EventType.VIEW, 2000), 2000);

            h.processElement2(served("u2", 0, "a", "b", "r"), 0);
            h.processElement1(Event.of("u2", "a", EventType.VIEW, 61 * MINUTE), 61 * MINUTE); // beyond the window

            h.processElement2(served("u3", 0, "a", "b", "r"), 0);
            h.processElement1(EventParser.forgetUser("u3", 100), 100);
            h.processElement1(Event.of("u3", "a", EventType.VIEW, 200), 200);

            h.processElement2(served("u4", 0, "a", "b", "r"), 0);
            h.setProcessingTime(60 * MINUTE);
            h.processElement1(Event.of("u4", "a", EventType.VIEW, 1000), 1000);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, BlendObservation, BlendWeightsUpdate> learner() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new BlendLearnerFunction(1000)),
                o -> BlendLearnerFunction.KEY, Types.INT);
    }

    static BlendObservation observation(int i) {
        ServedListRecord l = served("u", 0, "a", "b", "c", "r");
        return BlendObservation.of(l.toList().feedback(i % 2 == 0 ? "c" : "r"));
    }

    @Test
    void theLearnerContinuesExactlyAfterARestoreAndPublishesAtMostOncePerInterval() throws Exception {
        BlendLearner reference = BlendLearner.defaults();
        for (int i = 0; i < 30; i++) {
            reference.observe(observation(i).feedback());
        }
        OperatorSubtaskState snapshot;
        String lineage;
        try (var h = learner()) {
            h.open();
            for (int i = 0; i < 20; i++) {
                h.processElement(observation(i), i);
            }
            assertThat(h.extractOutputValues()).isEmpty(); // the publication waits for its timer
            h.setProcessingTime(1000);
            List<BlendWeightsUpdate> published = h.extractOutputValues();
            assertThat(published).hasSize(1);
            assertThat(published.get(0).version).isEqualTo(20);
            lineage = published.get(0).lineage;
            snapshot = h.snapshot(1, 1000);
        }
        try (var h = learner()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1000);
            for (int i = 20; i < 30; i++) {
                h.processElement(observation(i), i);
            }
            h.setProcessingTime(2000);
            List<BlendWeightsUpdate> published = h.extractOutputValues();
            assertThat(published).hasSize(1);
            BlendWeightsUpdate u = published.get(0);
            assertThat(u.version).isEqualTo(30);
            assertThat(u.lineage).as("a restore keeps the learner's lineage").isEqualTo(lineage);
            assertThat(u.weights).isEqualTo(reference.snapshot().encode());
            assertThat(u.steps[SEG]).isEqualTo(reference.steps(SEG));
            assertThat(BlendWeights.Snapshot.decode(u.version, u.weights).weights(SEG)[3]).isGreaterThan(1);
        }
    }
}

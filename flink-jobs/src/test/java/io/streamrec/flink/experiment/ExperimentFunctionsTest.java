package io.streamrec.flink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.experiment.Metric;
import io.streamrec.flink.JobSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.Test;

/** The job's two experiment operators in harnesses: attribution per user, totals per experiment, restore-exact. */
class ExperimentFunctionsTest {
    static final long HOUR = 3_600_000L;

    static Event ev(String user, String item, EventType type, long ts, String recId, Double value) {
        return new Event(null, user, item, type, ts, value, null, "{\"recId\":\"" + recId + "\",\"page\":\"home\"}");
    }

    /** Not opened yet: restore first ({@code initializeState}), then {@code open}. */
    static KeyedOneInputStreamOperatorTestHarness<String, Event, CountDelta> attribution() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AttributionFunction(JobSettings.DEFAULT_ATTRIBUTION)), e -> e.userId, Types.STRING);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, CountDelta, VariantTotals> counts() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ExperimentCountsFunction()),
                d -> d.experiment, Types.STRING);
    }

    @Test
    void attributionKeepsImpressionsAcrossACheckpointAndForgetsOnTheTombstone() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = attribution()) {
            h.open();
            h.processElement(ev("u1", "i1", EventType.IMPRESSION, 0, "r1.home.a.n1", null), 0);
            h.processElement(ev("u2", "i1", EventType.IMPRESSION, 0, "r1.home.b.n2", null), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = attribution()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(ev("u1", "i1", EventType.CLICK, HOUR / 2, "r1.home.a.n1", null), HOUR / 2);
            h.processElement(EventParser.forgetUser("u2", HOUR / 2), HOUR / 2);
            h.processElement(ev("u2", "i1", EventType.CLICK, HOUR / 2, "r1.home.b.n2", null), HOUR / 2);
            assertThat(h.extractOutputValues()).extracting(d -> d.variant + "." + Metric.values()[d.metric].wireName())
                    .containsExactly("a.clicks", "a.clicks_sq", "a.clicks_x_impressions", "b.unattributed");
        }
    }

    @Test
    void totalsAreWholeAndSurviveACheckpoint() throws Exception {
        List<CountDelta> deltas = new ArrayList<>(List.of(
                new CountDelta("home", "a", Metric.IMPRESSIONS.ordinal(), 1),
                new CountDelta("home", "a", Metric.IMPRESSIONS.ordinal(), 1),
                new CountDelta("home", "a", Metric.REVENUE.ordinal(), 2.5)));
        OperatorSubtaskState snapshot;
        try (var h = counts()) {
            h.open();
            for (CountDelta d : deltas) {
                h.processElement(d, 0);
            }
            VariantTotals last = h.extractOutputValues().get(2);
            assertThat(last.values[Metric.IMPRESSIONS.ordinal()]).isEqualTo(2);
            assertThat(last.values[Metric.REVENUE.ordinal()]).isEqualTo(2.5);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = counts()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new CountDelta("home", "a", Metric.IMPRESSIONS.ordinal(), 1), 2);
            h.processElement(new CountDelta("home", "b", Metric.USERS.ordinal(), 1), 2);
            List<VariantTotals> out = h.extractOutputValues();
            assertThat(out.get(0).values[Metric.IMPRESSIONS.ordinal()]).isEqualTo(3);
            assertThat(out.get(1).variant).isEqualTo("b");
            assertThat(out.get(1).values[Metric.USERS.ordinal()]).isEqualTo(1);
        }
    }

    @Test
    void onlyEventsWithARecIdOrTombstonesTakeThePath() {
        assertThat(AttributionFunction.concerns(ev("u", "i", EventType.VIEW, 0, "r1.x.y.z", null))).isTrue();
        assertThat(AttributionFunction.concerns(Event.of("u", "i", EventType.VIEW, 0))).isFalse();
        assertThat(AttributionFunction.concerns(EventParser.forgetUser("u", 0))).isTrue();
    }
}

package io.streamrec.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {
    static final long HOUR = 3_600_000L;
    static final Attribution ATTRIBUTION = new Attribution(HOUR, 24 * HOUR, 100);
    static final String REC = "r1.home.b.abc123";

    record Count(String experiment, String variant, Metric metric, double amount) {}

    final List<Count> counted = new ArrayList<>();
    final AttributionState state = new AttributionState();

    /** The counts the results show (the sums of squares are checked on their own below). */
    static final java.util.Set<Metric> PRIMARY = java.util.EnumSet.range(Metric.IMPRESSIONS, Metric.UNATTRIBUTED);
    final List<Count> squares = new ArrayList<>();

    void apply(EventType type, String item, long ts, String recId, Double value) {
        apply("u1", type, item, ts, recId, value);
    }

    void apply(String user, EventType type, String item, long ts, String recId, Double value) {
        Event e = new Event(null, user, item, type, ts, value, null, recId == null ? null : "{\"recId\":\"" + recId + "\"}");
        ATTRIBUTION.apply(state, e, (x, v, m, a) -> (PRIMARY.contains(m) ? counted : squares).add(new Count(x, v, m, a)));
    }

    List<Metric> metrics() {
        return counted.stream().map(Count::metric).toList();
    }

    @Test
    void anImpressionCountsOnceAndItsUserOncePerExperiment() {
        apply(EventType.IMPRESSION, "i1", 0, REC, null);
        apply(EventType.IMPRESSION, "i1", 10, REC, null); // the same item of the same response: no second one
        apply(EventType.IMPRESSION, "i2", 10, REC, null);
        apply(EventType.IMPRESSION, "i1", 20, "r1.home.b.other", null); // another response shows it again
        assertThat(metrics()).containsExactly(Metric.USERS, Metric.IMPRESSIONS, Metric.IMPRESSIONS, Metric.IMPRESSIONS);
        assertThat(counted).allSatisfy(c -> assertThat(c.experiment() + "/" + c.variant()).isEqualTo("home/b"));
    }

    @Test
    void clicksCountWithinTheHourAndOnceWhilePurchasesCountWithinADay() {
        apply(EventType.IMPRESSION, "i1", 0, REC, null);
        counted.clear();
        apply(EventType.CLICK, "i1", HOUR, REC, null);          // at the edge: counts
        apply(EventType.CLICK, "i1", HOUR, REC, null);          // the same impression clicked again: once
        apply(EventType.PURCHASE, "i1", 24 * HOUR, REC, 2.0);   // at the edge
        apply(EventType.PURCHASE, "i1", 24 * HOUR, REC, 3.0);   // another unit: revenue, not a second purchase
        assertThat(counted).containsExactly(new Count("home", "b", Metric.CLICKS, 1),
                new Count("home", "b", Metric.PURCHASES, 1), new Count("home", "b", Metric.REVENUE, 2.0),
                new Count("home", "b", Metric.REVENUE, 3.0));
    }

    @Test
    void outsideTheWindowBeforeTheImpressionOrUnknownIsUnattributedNotDropped() {
        apply(EventType.IMPRESSION, "i1", 10 * HOUR, REC, null);
        counted.clear();
        apply(EventType.CLICK, "i1", 11 * HOUR + 1, REC, null);     // one ms past the click window
        apply(EventType.PURCHASE, "i1", 9 * HOUR, REC, 1.0);        // late event from before the impression
        apply(EventType.ADD_TO_CART, "i9", 10 * HOUR, REC, null);   // an item the response did not show
        apply(EventType.CLICK, "i1", 10 * HOUR, "r1.home.b.never", null); // unknown response
        apply(EventType.CLICK, "i1", 10 * HOUR, "not-a-rec-id", null);
        apply(EventType.CLICK, "i1", 10 * HOUR, null, null);        // no recId: not part of any experiment
        assertThat(counted).containsExactly(new Count("home", "b", Metric.UNATTRIBUTED, 1),
                new Count("home", "b", Metric.UNATTRIBUTED, 1), new Count("home", "b", Metric.UNATTRIBUTED, 1),
                new Count("home", "b", Metric.UNATTRIBUTED, 1),
                new Count(Attribution.NOT_OURS, RecId.NONE, Metric.UNATTRIBUTED, 1));
    }

    @Test
    void oldImpressionsExpireAndTheStateStaysBounded() {
        Attribution small = new Attribution(HOUR, 24 * HOUR, 3);
        for (int i = 0; i < 5; i++) {
            small.apply(state, new Event(null, "u1", "i" + i, EventType.IMPRESSION, i, null, null,
                    "{\"recId\":\"" + REC + "\"}"), (x, v, m, a) -> { });
        }
        assertThat(state.impressions).extracting(i -> i.itemId).containsExactly("i2", "i3", "i4");
        apply(EventType.IMPRESSION, "j", 25 * HOUR, REC, null);
        assertThat(state.impressions).extracting(i -> i.itemId).containsExactly("j");
    }

    @Test
    void theSumsOfSquaresAreThoseOfTheUsersOwnCounts() {
        // u1: 3 impressions, 2 clicked; its sums: I² = 9, C² = 4, C·I = 6 (whatever the order of events)
        apply(EventType.IMPRESSION, "i1", 0, REC, null);
        apply(EventType.IMPRESSION, "i2", 1, REC, null);
        apply(EventType.CLICK, "i1", 2, REC, null);
        apply(EventType.IMPRESSION, "i3", 3, REC, null);
        apply(EventType.CLICK, "i3", 4, REC, null);
        apply(EventType.PURCHASE, "i3", 5, REC, 1.0);
        java.util.Map<Metric, Double> sums = new java.util.EnumMap<>(Metric.class);
        squares.forEach(c -> sums.merge(c.metric(), c.amount(), Double::sum));
        assertThat(sums).containsEntry(Metric.IMPRESSIONS_SQ, 9.0).containsEntry(Metric.CLICKS_SQ, 4.0)
                .containsEntry(Metric.CLICKS_X_IMPRESSIONS, 6.0).containsEntry(Metric.PURCHASES_SQ, 1.0)
                .containsEntry(Metric.PURCHASES_X_IMPRESSIONS, 3.0);
    }

    @Test
    void responsesOutsideExperimentsAreRememberedButNotCounted() {
        String plain = RecId.next(null, null).toString();
        assertThat(RecId.parse(plain).inExperiment()).isFalse();
        apply(EventType.IMPRESSION, "i1", 0, plain, null);
        apply(EventType.CLICK, "i1", 5, plain, null);
        assertThat(counted).isEmpty();
        assertThat(squares).isEmpty();
        assertThat(RecId.parse(RecId.next("home", "a").toString())).extracting(RecId::experiment, RecId::variant)
                .containsExactly("home", "a");
    }
}

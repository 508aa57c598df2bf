package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepurchaseTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L;
    /** Four items kept, 180-day half-life, newest gap weighted 0.5, one-hour orders, due boost 2, whole cancellations. */
    final Repurchase model = new Repurchase(4, 180 * DAY, 0.5, 3_600_000L, 2, 1);

    static Event buy(String item, long ts) {
        return new Event(null, "u", item, EventType.PURCHASE, ts, 1.0, null, null);
    }

    static Event cancel(String item, long ts) {
        return new Event(null, "u", item, EventType.REMOVE_FROM_CART, ts, 1.0, null, null);
    }

    static List<String> ids(List<Repurchase.Scored> list) {
        return list.stream().map(Repurchase.Scored::itemId).toList();
    }

    @Test
    void theTypicalIntervalIsAWeightedMeanOfTheGapsBetweenOrders() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("coffee", T0));
        model.update(s, buy("coffee", T0 + 10 * DAY));
        model.update(s, buy("coffee", T0 + 30 * DAY));
        Repurchase.Scored c = model.topK(s, T0 + 30 * DAY, 1).get(0);
        assertThat(c.intervalMillis()).isCloseTo(0.5 * 10 * DAY + 0.5 * 20 * DAY, within(1.0));
        assertThat(c.lastTs()).isEqualTo(T0 + 30 * DAY);
        // three orders, the first two decayed by 30 and 20 days of a 180-day half-life
        assertThat(c.frequency()).isCloseTo(Math.pow(2, -30 / 180.0) + Math.pow(2, -20 / 180.0) + 1, within(1e-9));
        assertThat(s.version).isEqualTo(3);
    }

    @Test
    void linesOfOneOrderCountOnce() {
        RepurchaseState s = new RepurchaseState();
        assertThat(model.update(s, buy("tea", T0))).isTrue();
        assertThat(model.update(s, buy("tea", T0 + 60_000))).isFalse();
        Repurchase.Scored t = model.topK(s, T0, 1).get(0);
        assertThat(t.frequency()).isEqualTo(1.0);
        assertThat(t.hasInterval()).isFalse();
        assertThat(s.version).isEqualTo(1);
    }

    @Test
    void anItemWhoseIntervalHasElapsedRanksAboveAMoreFrequentOneThatIsNotDue() {
        RepurchaseState s = new RepurchaseState();
        // weekly: bought four times, last on day 21; monthly: bought twice, last on day 30
        for (int w = 0; w < 4; w++) {
            model.update(s, buy("weekly", T0 + w * 7 * DAY));
        }
        model.update(s, buy("monthly", T0));
        model.update(s, buy("monthly", T0 + 30 * DAY));
        // day 31: the weekly item is due again (10 days after its last order), the monthly one was just bought
        assertThat(ids(model.topK(s, T0 + 31 * DAY, 2))).containsExactly("weekly", "monthly");
        // day 59: the weekly one is long overdue and fades, the monthly one is due
        List<Repurchase.Scored> later = model.topK(s, T0 + 59 * DAY, 2);
        assertThat(ids(later)).containsExactly("monthly", "weekly");
        assertThat(later.get(0).due()).isGreaterThan(0.9);
        assertThat(later.get(1).due()).isLessThan(0.2);
    }

    @Test
    void dueRisesToOneAtTheIntervalAndFadesAfter() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("x", T0));
        model.update(s, buy("x", T0 + 10 * DAY));
        double early = model.topK(s, T0 + 13 * DAY, 1).get(0).due();
        double atInterval = model.topK(s, T0 + 20 * DAY, 1).get(0).due();
        double overdue = model.topK(s, T0 + 40 * DAY, 1).get(0).due();
        assertThat(early).isLessThan(atInterval);
        assertThat(atInterval).isCloseTo(1.0, within(1e-9));
        assertThat(overdue).isLessThan(atInterval).isGreaterThan(0);
    }

    @Test
    void frequencyWinsAmongItemsWithoutAnInterval() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("old", T0));
        model.update(s, buy("new", T0 + 90 * DAY));
        assertThat(ids(model.topK(s, T0 + 90 * DAY, 2))).containsExactly("new", "old");
    }

    @Test
    void aCancellationTakesBackOneOrdersEvidence() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        model.update(s, buy("a", T0 + 10 * DAY));
        model.update(s, buy("b", T0 + 10 * DAY));
        double before = model.topK(s, T0 + 10 * DAY, 2).stream().filter(x -> x.itemId().equals("a")).findFirst()
                .orElseThrow().frequency();
        assertThat(model.update(s, cancel("a", T0 + 10 * DAY + 1000))).isTrue();
        double after = model.topK(s, T0 + 10 * DAY, 2).stream().filter(x -> x.itemId().equals("a")).findFirst()
                .orElseThrow().frequency();
        assertThat(after).isCloseTo(before - 1, within(1e-9));
        // cancelling the only order of b leaves no evidence: b is gone, never counted as bought twice
        model.update(s, cancel("b", T0 + 10 * DAY + 1000));
        assertThat(ids(model.topK(s, T0 + 11 * DAY, 5))).containsExactly("a");
    }

    @Test
    void aPartialCancellationWeightLowersTheEvidenceWithoutErasingTheItem() {
        Repurchase half = new Repurchase(4, 180 * DAY, 0.5, 3_600_000L, 2, 0.5);
        RepurchaseState s = new RepurchaseState();
        half.update(s, buy("a", T0));
        half.update(s, buy("b", T0));
        assertThat(half.update(s, cancel("a", T0 + 1000))).isTrue();
        List<Repurchase.Scored> top = half.topK(s, T0 + 1000, 5);
        assertThat(ids(top)).containsExactly("b", "a");
        assertThat(top.get(1).frequency()).isCloseTo(0.5, within(1e-6));
        // a second cancellation takes the rest: the item leaves the list
        half.update(s, cancel("a", T0 + 2000));
        assertThat(ids(half.topK(s, T0 + 2000, 5))).containsExactly("b");
        assertThatThrownBy(() -> new Repurchase(4, DAY, 0.5, 0, 2, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAdmittedTopKSkipsWhatTheCallerRefusesAndKeepsTheOrder() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        model.update(s, buy("a", T0 + 10 * DAY));
        model.update(s, buy("b", T0 + 5 * DAY));
        model.update(s, buy("c", T0 + 9 * DAY));
        assertThat(ids(model.topK(s, T0 + 10 * DAY, 4))).containsExactly("a", "c", "b");
        assertThat(ids(model.topK(s, T0 + 10 * DAY, 2, id -> !id.equals("a")))).containsExactly("c", "b");
        assertThat(ids(model.topK(s, T0 + 10 * DAY, 1, id -> !id.equals("a")))).containsExactly("c");
        assertThat(model.topK(s, T0 + 10 * DAY, 0, id -> true)).isEmpty();
    }

    @Test
    void aPurchaseOfANegativeQuantityIsACancellation() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        model.update(s, new Event(null, "u", "a", EventType.PURCHASE, T0 + DAY, -3.0, null, null));
        assertThat(s.size()).isZero();
    }

    @Test
    void cancellingWhatWasNeverBoughtAndOtherEventsChangeNothing() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        assertThat(model.update(s, cancel("z", T0 + DAY))).isFalse();
        assertThat(model.update(s, new Event(null, "u", "a", EventType.VIEW, T0 + DAY, null, null, null))).isFalse();
        assertThat(s.version).isEqualTo(1);
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void stateIsBoundedAndTheWeakestItemMakesRoom() {
        RepurchaseState s = new RepurchaseState();
        for (int r = 0; r < 3; r++) { // three strong items
            for (String item : List.of("s1", "s2", "s3")) {
                model.update(s, buy(item, T0 + r * 10 * DAY));
            }
        }
        for (int i = 0; i < 10; i++) { // one-off items churn through the last slot
            model.update(s, buy("once" + i, T0 + (30 + i) * DAY));
        }
        assertThat(s.size()).isEqualTo(4);
        assertThat(List.of(s.items)).contains("s1", "s2", "s3", "once9");
    }

    @Test
    void aLatePurchaseAddsEvidenceWithoutMovingTheLatestOrder() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0 + 20 * DAY));
        model.update(s, buy("a", T0));
        Repurchase.Scored a = model.topK(s, T0 + 20 * DAY, 1).get(0);
        assertThat(a.lastTs()).isEqualTo(T0 + 20 * DAY);
        assertThat(a.frequency()).isCloseTo(1 + Math.pow(2, -20 / 180.0), within(1e-9));
    }

    @Test
    void topKIsCutAndEmptyForNoHistory() {
        RepurchaseState s = new RepurchaseState();
        assertThat(model.topK(s, T0, 5)).isEmpty();
        for (String item : List.of("a", "b", "c")) {
            model.update(s, buy(item, T0));
        }
        assertThat(model.topK(s, T0, 2)).hasSize(2);
        assertThat(ids(model.topK(s, T0, 3))).containsExactly("a", "b", "c"); // equal scores: by id
    }

    @Test
    void reasonsNameTheCycleInWords() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        model.update(s, buy("a", T0 + 21 * DAY));
        model.update(s, buy("b", T0));
        List<Repurchase.Scored> list = model.topK(s, T0 + 42 * DAY, 2);
        assertThat(Repurchase.reason(list.get(0))).isEqualTo("you buy this every ~3 weeks, due about now");
        assertThat(Repurchase.reason(list.get(1))).isEqualTo("you bought this before");
        assertThat(Repurchase.humanInterval(2 * DAY)).isEqualTo("2 days");
        assertThat(Repurchase.humanInterval(DAY)).isEqualTo("day");
        assertThat(Repurchase.humanInterval(92 * DAY)).isEqualTo("3 months");
    }

    @Test
    void codecRoundTripsTheStateExactly() {
        RepurchaseState s = new RepurchaseState();
        model.update(s, buy("a", T0));
        model.update(s, buy("a", T0 + 9 * DAY));
        model.update(s, buy("bé", T0 + 3 * DAY));
        RepurchaseState back = RepurchaseCodec.decode(RepurchaseCodec.encode(s, 42));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(RepurchaseCodec.version(RepurchaseCodec.encode(s, 42))).isEqualTo(s.version);
        assertThatThrownBy(() -> RepurchaseCodec.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        byte[] cut = RepurchaseCodec.encode(s, 42);
        assertThatThrownBy(() -> RepurchaseCodec.decode(java.util.Arrays.copyOf(cut, cut.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsComeFromTheConfiguration() {
        RepurchaseState s = new RepurchaseState();
        Repurchase d = Repurchase.defaults();
        d.update(s, buy("a", T0));
        assertThat(d.topK(s, T0, 1)).hasSize(1);
    }
}

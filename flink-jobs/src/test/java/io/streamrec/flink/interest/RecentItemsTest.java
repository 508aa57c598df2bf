package io.streamrec.flink.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentItemsTest {
    static final long H = 3_600_000L;
    final RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 5);

    static Event ev(String item, EventType t, long ts) {
        return Event.of("u", item, t, ts);
    }

    @Test
    void weightsDecayInEventTimeAndRankByStrength() {
        RecentItemsState s = new RecentItemsState();
        model.apply(s, ev("a", EventType.PURCHASE, 0));          // 6, one day old at the end
        model.apply(s, ev("b", EventType.VIEW, 24 * H));         // 1, fresh
        RecentItems.Ranked r = model.ranked(s);
        assertThat(r.items()).containsExactly("a", "b");
        assertThat(r.scores()[0]).isCloseTo(3.0, within(1e-9)); // 6 halved after one half-life
        assertThat(r.scores()[1]).isCloseTo(1.0, within(1e-9));
        assertThat(s.version).isEqualTo(2);
        assertThat(s.refTs).isEqualTo(24 * H);
    }

    @Test
    void ranksByWeightThenItemIdAndLeavesOutWhatIsNotPositive() {
        RecentItemsState s = new RecentItemsState();
        Random rnd = new Random(7);
        int n = 100;
        s.items = new String[n];
        s.weights = new double[n];
        for (int i = 0; i < n; i++) {
            s.items[i] = "i" + rnd.nextInt(1_000_000) + "-" + i;
            s.weights[i] = rnd.nextInt(30) - 5; // ties, zeros and negatives
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (s.weights[i] > 0) {
                expected.add(i);
            }
        }
        expected.sort((a, b) -> s.weights[a] != s.weights[b] ? Double.compare(s.weights[b], s.weights[a])
                : s.items[a].compareTo(s.items[b]));
        RecentItems.Ranked r = model.ranked(s); // landmark = reference time: the weights as stored
        assertThat(r.items()).containsExactly(expected.stream().map(i -> s.items[i]).toArray(String[]::new));
        for (int k = 0; k < expected.size(); k++) {
            assertThat(r.scores()[k]).isEqualTo(s.weights[expected.get(k)]);
        }
    }

    @Test
    void weightsAtTheLandmarkKeepTheirRatiosAndSlotsAndChangeOnlyForTheEventsItem() {
        RecentItemsState s = new RecentItemsState();
        model.apply(s, ev("a", EventType.PURCHASE, 0));
        model.apply(s, ev("b", EventType.VIEW, 6 * 3_600_000L));
        model.apply(s, ev("c", EventType.ADD_TO_CART, 12 * 3_600_000L));
        RecentItems.Ranked before = model.atLandmark(s);
        RecentItems.Ranked decayed = model.ranked(s);
        assertThat(before.items()).containsExactly("a", "b", "c"); // the slots, in the order the items came
        java.util.List<String> ranked = java.util.Arrays.asList(decayed.items());
        assertThat(ranked).containsExactlyInAnyOrder(before.items());
        double decayedFirst = decayed.scores()[ranked.indexOf(before.items()[0])];
        for (int i = 1; i < before.items().length; i++) {
            // the same ratios: only the common decay factor differs
            double decayedHere = decayed.scores()[ranked.indexOf(before.items()[i])];
            assertThat(before.scores()[i] / before.scores()[0]).isCloseTo(decayedHere / decayedFirst,
                    org.assertj.core.data.Offset.offset(1e-12));
        }
        model.apply(s, ev("b", EventType.VIEW, 20 * 3_600_000L));
        RecentItems.Ranked after = model.atLandmark(s);
        assertThat(after.items()).containsExactly(before.items()); // every member at its place
        for (int i = 0; i < after.items().length; i++) {
            if (after.items()[i].equals("b")) {
                assertThat(after.scores()[i]).isGreaterThan(before.scores()[i]);
            } else {
                assertThat(after.scores()[i]).as(after.items()[i]).isEqualTo(before.scores()[i]);
            }
        }
    }

    @Test
    void atTheLandmarkLeavesOutWhatIsNotPositive() {
        RecentItemsState s = new RecentItemsState();
        s.items = new String[] {"a", "b", "c", "d"};
        s.weights = new double[] {2, 0, -1, 3};
        RecentItems.Ranked r = model.atLandmark(s);
        assertThat(r.items()).containsExactly("a", "d");
        assertThat(r.scores()).containsExactly(2.0, 3.0);
    }

    @Test
    void anyArrivalOrderGivesTheSameState() {
        List<Event> events = new ArrayList<>();
        Random rnd = new Random(7);
        EventType[] types = EventType.values();
        for (int i = 0; i < 60; i++) {
            EventType t = types[rnd.nextInt(types.length)];
            Event e = ev("i" + rnd.nextInt(4), t, rnd.nextInt(200) * H);
            if (t == EventType.RATING) {
                e.value = (double) rnd.nextInt(6);
            }
            events.add(e);
        }
        // a large max so that no trimming (which depends on the order) happens
        RecentItems big = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 100);
        RecentItemsState reference = null;
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(events, new Random(round));
            RecentItemsState s = new RecentItemsState();
            // the landmark (first event seen) differs per round; the decayed scores must not
            for (Event e : events) {
                big.apply(s, e);
            }
            RecentItems.Ranked r = big.ranked(s);
            if (reference == null) {
                reference = s;
                continue;
            }
            RecentItems.Ranked ref = big.ranked(reference);
            assertThat(r.items()).containsExactlyInAnyOrder(ref.items());
            for (int i = 0; i < ref.items().length; i++) {
                int j = List.of(r.items()).indexOf(ref.items()[i]);
                assertThat(r.scores()[j]).isCloseTo(ref.scores()[i], within(1e-6 * Math.max(1, ref.scores()[i])));
            }
        }
    }

    @Test
    void negativeSignalsOffsetPositiveOnesInAnyOrderAndAreNeverRanked() {
        RecentItemsState s = new RecentItemsState();
        model.apply(s, ev("a", EventType.VIEW, 0));
        model.apply(s, ev("a", EventType.REMOVE_FROM_CART, 0));
        model.apply(s, ev("b", EventType.IMPRESSION, 0));
        assertThat(model.ranked(s).items()).isEmpty();
        assertThat(s.version).isEqualTo(3);
        RecentItemsState t = new RecentItemsState();
        model.apply(t, ev("a", EventType.REMOVE_FROM_CART, 0));
        model.apply(t, ev("a", EventType.VIEW, 0));
        model.apply(t, ev("a", EventType.VIEW, 0));
        model.apply(t, ev("a", EventType.VIEW, 0));
        assertThat(model.ranked(t).items()).containsExactly("a");
        assertThat(model.ranked(t).scores()[0]).isCloseTo(1.0, within(1e-12)); // 3 views − 2
    }

    @Test
    void keepsAtMostMaxItemsAndLetsPersistentNewcomersIn() {
        RecentItemsState s = new RecentItemsState();
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k <= i; k++) {
                model.apply(s, ev("i" + i, EventType.VIEW, 0));
            }
        }
        assertThat(s.items).hasSize(5);
        // Space-Saving: i5, i6, i7 each took the weakest slot and inherited its weight
        assertThat(model.ranked(s).items()).containsExactly("i7", "i6", "i5", "i4", "i3");
        assertThat(model.ranked(s).scores()).containsExactly(11, 9, 7, 5, 4);
    }

    @Test
    void rebasesFarFromTheLandmarkWithoutOverflow() {
        RecentItems fast = new RecentItems(new ForwardDecay(1000), EventWeights.defaults(), 5);
        RecentItemsState s = new RecentItemsState();
        fast.apply(s, ev("a", EventType.PURCHASE, 0));
        fast.apply(s, ev("b", EventType.VIEW, 950_000)); // 950 half-lives later: past the rebase threshold
        RecentItems.Ranked r = fast.ranked(s);
        assertThat(r.items()).containsExactly("b", "a");
        assertThat(r.scores()[0]).isCloseTo(1.0, within(1e-9));
        assertThat(r.scores()[1]).isPositive().isLessThan(1e-280);
        assertThat(s.landmark).isEqualTo(950_000);
    }

    @Test
    void boughtItemsKeepTheLatestPurchaseInAnyOrderAndDropTheOldestBeyondTheBound() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(ev("item" + (i % 6), EventType.PURCHASE, i * H));
        }
        events.add(ev("viewed", EventType.VIEW, 3 * H));
        RecentItemsState first = null;
        Random rnd = new Random(3);
        for (int round = 0; round < 20; round++) {
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, rnd);
            RecentItemsState s = new RecentItemsState();
            shuffled.forEach(e -> model.apply(s, e));
            java.util.Map<String, Long> bought = new java.util.TreeMap<>();
            for (int i = 0; i < s.bought.length; i++) {
                bought.put(s.bought[i], s.boughtTs[i]);
            }
            // 6 distinct items bought, 5 kept: the one whose latest purchase is oldest (item2 at 2h) is dropped
            assertThat(bought).containsOnlyKeys("item0", "item1", "item3", "item4", "item5");
            assertThat(bought.get("item0")).isEqualTo(6 * H);
            assertThat(bought.get("item1")).isEqualTo(7 * H);
            if (first == null) {
                first = s;
            }
        }
    }

    /**
     * Also: an encoding once returned is never written again, however the next ones are made (the Redis
     * sink buffers what the job emits as it is, without a copy: {@code RecentItemsMutation#emittedUnchanged}).
     */
    @Test
    void theEncodedListsAreThePublishedOnesWhetherPatchedOrEncodedWhole() {
        // a short half-life so the landmark moves, 4 slots for 7 items so Space-Saving replaces, negative
        // events so weights cross zero, purchases, and categories beyond the 3 kept
        RecentItems m = new RecentItems(new ForwardDecay(60_000), EventWeights.defaults(), 4,
                new io.streamrec.core.interest.CategoryInterests(30_000d, 600_000d, 3));
        EventType[] types = {EventType.VIEW, EventType.VIEW, EventType.CLICK, EventType.PURCHASE, EventType.ADD_TO_CART,
            EventType.REMOVE_FROM_CART, EventType.REMOVE_FROM_CART, EventType.IMPRESSION};
        Random rnd = new Random(17);
        RecentItemsState s = new RecentItemsState();
        long t = 1_700_000_000_000L;
        int patched = 0;
        java.util.List<byte[]> returned = new java.util.ArrayList<>();
        java.util.List<byte[]> asReturned = new java.util.ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            t += rnd.nextInt(10) == 0 ? 100_000_000L : rnd.nextInt(5_000);
            String item = "item-" + rnd.nextInt(7);
            m.apply(s, new Event(null, "u", new String(item), types[rnd.nextInt(types.length)], t, null,
                    "c" + rnd.nextInt(5), null));
            io.streamrec.core.interest.UserLists.Encoded before = s.encoded;
            byte[] encoded = m.encoded(s);
            if (before != null && s.encoded.weightAt() == before.weightAt()) {
                patched++;
            }
            assertThat(encoded).as("event %d", n).isEqualTo(m.published(s).encode());
            returned.add(encoded);
            asReturned.add(encoded.clone());
            if (rnd.nextInt(50) == 0) {
                s.encoded = null; // the state read back from RocksDB: encoded whole again
            }
        }
        assertThat(patched).as("events whose lists were patched").isBetween(300, 2900);
        for (int n = 0; n < returned.size(); n++) {
            assertThat(returned.get(n)).as("the encoding returned for event %d, later", n).isEqualTo(asReturned.get(n));
        }
    }
}

package io.streamrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoOccurrenceTest {
    private static final long MIN = 60_000L;
    private static final long DAY = 86_400_000L;

    private static CoOccurrence model(int neighbours, int partners, double shrink) {
        return new CoOccurrence(new CoOccurrence.Settings(10 * DAY, neighbours, partners, 30 * MIN, shrink));
    }

    /** Learns baskets as the job does: the basket pairs, then both items' counts. */
    private static void learn(CoOccurrence m, Map<String, CoOccurrence.State> items, CoOccurrence.Basket b,
                              String item, long ts) {
        String[] partners = m.add(b, item, ts);
        if (partners == null) {
            return;
        }
        CoOccurrence.State self = items.computeIfAbsent(item, i -> new CoOccurrence.State());
        m.count(self, ts);
        for (String p : partners) {
            m.pair(self, p, ts);
            m.pair(items.computeIfAbsent(p, i -> new CoOccurrence.State()), item, ts);
        }
    }

    @Test
    void aViewPairsWithTheLatestViewPartnersAPurchaseWithMaxPartners() {
        CoOccurrence c = new CoOccurrence(new CoOccurrence.Settings(10 * DAY, 10, 4, 30 * MIN, 2, true, 2));
        CoOccurrence.Basket b = new CoOccurrence.Basket();
        long t = 0;
        for (String item : List.of("a", "b", "c", "d")) {
            io.streamrec.core.event.Event view = io.streamrec.core.event.Event.of("u", item,
                    io.streamrec.core.event.EventType.VIEW, t++);
            c.add(b, item, view.ts, c.partnersFor(view));
        }
        io.streamrec.core.event.Event view = io.streamrec.core.event.Event.of("u", "e",
                io.streamrec.core.event.EventType.VIEW, t++);
        assertThat(c.partnersFor(view)).isEqualTo(2);
        assertThat(c.add(b, "e", view.ts, c.partnersFor(view))).containsExactly("c", "d");
        io.streamrec.core.event.Event bought = io.streamrec.core.event.Event.of("u", "f",
                io.streamrec.core.event.EventType.PURCHASE, t);
        assertThat(c.partnersFor(bought)).isEqualTo(4);
        // the basket kept the latest max-partners items, so a purchase still pairs with all of them
        assertThat(c.add(b, "f", bought.ts, c.partnersFor(bought))).containsExactly("b", "c", "d", "e");
        assertThat(b.items).containsExactly("b", "c", "d", "e", "f");
    }

    @Test
    void aBasketPairsANewItemWithItsLatestItemsOnlyAndClosesAfterTheGap() {
        CoOccurrence m = model(10, 2, 0);
        CoOccurrence.Basket b = new CoOccurrence.Basket();
        assertThat(m.add(b, "a", 0)).isEmpty();
        assertThat(m.add(b, "b", MIN)).containsExactly("a");
        assertThat(m.add(b, "a", 2 * MIN)).isNull(); // already in the basket
        assertThat(m.add(b, "c", 3 * MIN)).containsExactly("a", "b");
        assertThat(m.add(b, "d", 4 * MIN)).containsExactly("b", "c"); // the latest two partners only
        assertThat(m.add(b, "a", 4 * MIN + 31 * MIN)).isEmpty(); // a new basket: a pairs with nothing
        assertThat(m.add(b, "b", 4 * MIN + 32 * MIN)).containsExactly("a");
    }

    @Test
    void sharesAreTheShareOfAnItemsBasketsHoldingTheNeighbour() {
        CoOccurrence m = model(10, 10, 0);
        Map<String, CoOccurrence.State> items = new HashMap<>();
        // four baskets with "a": three hold "b", one holds "c"; baskets at the same time, so no decay between them
        String[][] baskets = {{"a", "b"}, {"a", "b"}, {"b", "a", "c"}, {"a"}};
        for (String[] basket : baskets) {
            CoOccurrence.Basket b = new CoOccurrence.Basket();
            for (String i : basket) {
                learn(m, items, b, i, 0);
            }
        }
        List<CoOccurrence.Neighbour> a = m.neighbours(items.get("a"));
        assertThat(a).extracting(CoOccurrence.Neighbour::itemId).containsExactly("b", "c");
        assertThat(a.get(0).share()).isCloseTo(0.75, within(1e-12));
        assertThat(a.get(1).share()).isCloseTo(0.25, within(1e-12));
        assertThat(m.neighbours(items.get("c"))).extracting(CoOccurrence.Neighbour::share)
                .containsExactly(1.0, 1.0); // c's one basket held a and b
    }

    @Test
    void oldBasketsFadeAndTheShrinkDampsRareItems() {
        CoOccurrence m = model(10, 10, 0);
        Map<String, CoOccurrence.State> items = new HashMap<>();
        CoOccurrence.Basket b1 = new CoOccurrence.Basket();
        learn(m, items, b1, "a", 0);
        learn(m, items, b1, "old", 0);
        CoOccurrence.Basket b2 = new CoOccurrence.Basket();
        learn(m, items, b2, "a", 10 * DAY); // one half-life later
        learn(m, items, b2, "new", 10 * DAY);
        List<CoOccurrence.Neighbour> a = m.neighbours(items.get("a"));
        assertThat(a).extracting(CoOccurrence.Neighbour::itemId).containsExactly("new", "old");
        assertThat(a.get(0).share()).isCloseTo(1 / 1.5, within(1e-9)); // 1 of 0.5 + 1 baskets
        assertThat(a.get(1).share()).isCloseTo(0.5 / 1.5, within(1e-9));

        CoOccurrence shrunk = model(10, 10, 1);
        CoOccurrence.State x = new CoOccurrence.State();
        shrunk.count(x, 0);
        shrunk.pair(x, "y", 0);
        assertThat(shrunk.neighbours(x).get(0).share()).isCloseTo(0.5, within(1e-12)); // 1 / (1 + 1)
    }

    @Test
    void neighboursStayBoundedAndANewcomerReplacesOnlyAWeakerOne() {
        CoOccurrence m = model(2, 10, 0);
        CoOccurrence.State s = new CoOccurrence.State();
        m.count(s, 0);
        m.pair(s, "x", 0);
        m.pair(s, "x", 0);
        m.pair(s, "y", 0);
        m.pair(s, "z", 0); // as weak as y: stays out
        assertThat(s.ids).containsExactlyInAnyOrder("x", "y");
        m.pair(s, "z", DAY); // later, so stronger than y's older count
        assertThat(s.ids).containsExactlyInAnyOrder("x", "z");
        assertThat(s.version).isEqualTo(6);
    }

    @Test
    void neighboursAreKeptInPublicationOrderAsCountsChange() {
        CoOccurrence m = model(8, 10, 1);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        CoOccurrence.State s = new CoOccurrence.State();
        for (int step = 0; step < 5_000; step++) {
            long ts = step * 10 * MIN; // long enough for rebases of the counts
            if (rnd.nextInt(4) == 0) {
                m.count(s, ts);
            } else {
                m.pair(s, "i" + (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 30), ts);
            }
            List<CoOccurrence.Neighbour> list = m.neighbours(s);
            List<CoOccurrence.Neighbour> sorted = new java.util.ArrayList<>(list);
            sorted.sort((a, b) -> a.share() != b.share() ? Double.compare(b.share(), a.share())
                    : a.itemId().compareTo(b.itemId()));
            assertThat(list).isEqualTo(sorted);
            assertThat(list).extracting(CoOccurrence.Neighbour::itemId).containsExactly(s.ids);
        }
        assertThat(s.ids).hasSize(8);
    }

    @Test
    void aStateWrittenOutOfOrderIsPublishedInOrder() {
        CoOccurrence m = model(4, 10, 0);
        CoOccurrence.State s = new CoOccurrence.State(); // as an older savepoint holds it: first come first
        s.landmark = 0;
        s.lastTs = 0;
        s.count = 6;
        s.ids = new String[] {"c", "a", "b"};
        s.counts = new double[] {1, 3, 3};
        assertThat(m.neighbours(s)).extracting(CoOccurrence.Neighbour::itemId).containsExactly("a", "b", "c");
        m.pair(s, "c", 0);
        m.pair(s, "c", 0);
        m.pair(s, "c", 0);
        assertThat(m.neighbours(s)).extracting(CoOccurrence.Neighbour::itemId).containsExactly("c", "a", "b");
    }

    @Test
    void neighboursWithTheSameHashCodeAreCountedApartAlsoAfterTheIdsAreReplaced() {
        CoOccurrence m = model(4, 10, 0);
        CoOccurrence.State s = new CoOccurrence.State();
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        m.count(s, 0);
        m.pair(s, "Aa", 0);
        m.pair(s, "BB", 0);
        m.pair(s, "BB", 0);
        assertThat(m.neighbours(s)).extracting(CoOccurrence.Neighbour::itemId).containsExactly("BB", "Aa");
        // as a state read back from storage or copied: the same ids in new arrays
        s.ids = new String[] {new String("BB"), new String("Aa")};
        m.pair(s, new String("Aa"), 0);
        m.pair(s, "Aa", 0);
        m.pair(s, "x", 0);
        assertThat(s.ids).containsExactly("Aa", "BB", "x");
        assertThat(s.counts[0]).isGreaterThan(s.counts[1]);
    }

    @Test
    void aCandidateScoresItsCoOccurrenceWithTheUsersRecentItemsByTheirWeights() {
        Map<String, List<CoOccurrence.Neighbour>> lists = Map.of(
                "a", List.of(new CoOccurrence.Neighbour("x", 0.5), new CoOccurrence.Neighbour("y", 0.2),
                        new CoOccurrence.Neighbour("b", 0.9)),
                "b", List.of(new CoOccurrence.Neighbour("y", 0.4), new CoOccurrence.Neighbour("z", 0.3)));
        Map<String, Double> recent = Map.of("a", 1.0, "b", 2.0, "unknown", 5.0);
        Map<String, Double> s = CoOccurrence.score(recent, lists::get, Set.of("z"));
        assertThat(s).containsOnlyKeys("x", "y", "b"); // z excluded; a recent item may score (buy again)
        assertThat(s.get("b")).isCloseTo(0.9, within(1e-12));
        assertThat(s.get("x")).isCloseTo(0.5, within(1e-12));
        assertThat(s.get("y")).isCloseTo(0.2 + 2 * 0.4, within(1e-12));
        assertThat(CoOccurrence.top(s, 1)).containsExactly("y");
        assertThat(CoOccurrence.score(recent, lists::get, Set.of("z", "b"))).containsOnlyKeys("x", "y");
        assertThat(CoOccurrence.top(Map.of("p", 1.0, "o", 1.0, "q", 2.0), 5)).containsExactly("q", "o", "p");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new CoOccurrence.Settings(DAY, 0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CoOccurrence.Settings.defaults().maxNeighbours()).isPositive();
    }
}

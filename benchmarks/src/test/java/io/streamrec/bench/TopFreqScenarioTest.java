package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopFreqScenarioTest {
    private static final EventWeights W = EventWeights.defaults();

    static void feed(Recommender r) {
        long t = 0;
        for (String[] ui : new String[][] {{"u", "a"}, {"u", "b"}, {"u", "a"}, {"u", "c"}, {"u", "b"}, {"u", "a"},
                {"v", "x"}, {"v", "x"}, {"w", "x"}, {"w", "y"}, {"v", "y"}, {"w", "z"}, {"u", "d"}}) {
            r.learn(Event.of(ui[0], ui[1], EventType.PURCHASE, t++));
        }
        r.learn(Event.of("u", "e", EventType.REMOVE_FROM_CART, t++)); // not a purchase: not counted
        r.learn(Event.of("u", "e", EventType.REMOVE_FROM_CART, t));
    }

    @Test
    void pTopFreqRanksTheUsersOwnItemsByFrequencyThenRecency() {
        TopFreqScenario p = TopFreqScenario.personal(W);
        feed(p);
        // u: a ×3, b ×2, c and d once (d later)
        assertThat(p.recommend("u", 10, Set.of(), 99)).containsExactly("a", "b", "d", "c");
        assertThat(p.recommend("u", 2, Set.of("a"), 99)).containsExactly("b", "d");
        assertThat(p.recommend("u", 10, Set.of("a", "b", "c", "d"), 99)).isEmpty();
        assertThat(p.recommend("nobody", 10, Set.of(), 99)).isEmpty();
    }

    @Test
    void gpTopFreqFillsWithGlobalFrequency() {
        TopFreqScenario gp = TopFreqScenario.withGlobal(W);
        feed(gp);
        // global: a 3, x 3, b 2, y 2, then c, d, z once (ties by id)
        assertThat(gp.recommend("u", 6, Set.of(), 99)).containsExactly("a", "b", "d", "c", "x", "y");
        assertThat(gp.recommend("u", 3, Set.of("a", "b", "c", "d"), 99)).containsExactly("x", "y", "z");
        assertThat(gp.recommend("nobody", 3, Set.of(), 99)).containsExactly("a", "x", "b");
    }

    @Test
    void nextVisitFiguresOnAHandMadeStream() {
        // u: invoices 1 {a}, 2 {a, b}, 5 {a, c}; v: 3 {b}, 4 {b}, 6 {b, c}
        List<Event> events = List.of(
                SessionsTest.ev("u", "a", 0, "1"), SessionsTest.ev("u", "a", 1, "2"), SessionsTest.ev("u", "b", 2, "2"),
                SessionsTest.ev("v", "b", 3, "3"), SessionsTest.ev("v", "b", 4, "4"),
                SessionsTest.ev("u", "a", 10, "5"), SessionsTest.ev("u", "c", 11, "5"),
                SessionsTest.ev("v", "b", 12, "6"), SessionsTest.ev("v", "c", 13, "6"));
        Map<String, Double> p = NextVisit.run(TopFreqScenario.personal(W), events, W, Sessions.of("auto", 1));
        Map<String, Double> gp = NextVisit.run(TopFreqScenario.withGlobal(W), events, W, Sessions.of("auto", 1));
        assertThat(p.get("repeats_evaluable")).isEqualTo(4.0);
        assertThat(p.get("new_evaluable")).isEqualTo(3.0); // b for u's 2nd, c for u's 3rd and v's 3rd
        // P-TopFreq lists [a], [b], [a, b], [b]: halves, all of v's 2nd, halves
        assertThat(p.get("repeats_recall@20")).isEqualTo((0.5 + 1 + 0.5 + 0.5) / 4);
        assertThat(p.get("new_recall@20")).isZero(); // never an item the user has not bought
        // GP-TopFreq lists [a], [b, a], [a, b], [b, a, c] with repeats; without, only v's 3rd holds its target c
        assertThat(gp.get("repeats_recall@20")).isEqualTo((0.5 + 1 + 0.5 + 1) / 4);
        assertThat(gp.get("new_recall@20")).isEqualTo(1.0 / 3);
    }
}

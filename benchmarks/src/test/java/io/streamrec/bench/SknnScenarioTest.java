package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SknnScenarioTest {
    private static final EventWeights W = EventWeights.defaults();

    private static long t;

    static void session(Recommender r, String user, String invoice, String... items) {
        for (String i : items) {
            r.learn(SessionsTest.ev(user, i, t++, invoice));
        }
    }

    @Test
    void scoresItemsByTheSummedCosineOfTheNeighbourSessions() {
        SknnScenario s = new SknnScenario("sknn", 100, 500, 1, Sessions.of("auto", 1_800_000), W);
        session(s, "p", "1", "a", "b", "x");      // shares a, b with the query: cos = 2 / sqrt(2·3) = 0.816
        session(s, "q", "2", "a", "y");           // shares a: cos = 1 / sqrt(2·2) = 0.5
        session(s, "r", "3", "c", "z");           // shares nothing: not a neighbour
        session(s, "q", "4", "b", "y", "w", "v"); // shares b: cos = 1 / sqrt(2·4) = 0.354
        session(s, "u", "5", "a", "b");           // the query: u's latest session
        // y: 0.5 + 0.354; x: 0.816; w, v: 0.354 (by id); a and b excluded as the user's own
        assertThat(s.recommend("u", 10, Set.of("a", "b"), t)).containsExactly("y", "x", "v", "w");
        // with repeats a and b come first: a from p and q (1.316), b from p and q's 2nd (1.170)
        assertThat(s.recommend("u", 3, Set.of(), t)).containsExactly("a", "b", "y");
        assertThat(s.recommend("nobody", 10, Set.of(), t)).isEmpty();
    }

    @Test
    void keepsTheMostSimilarNeighboursOfTheMostRecentSample() {
        // sample 2: of the three sessions sharing a, only the two most recent count; neighbours 1: the closer of those
        SknnScenario s = new SknnScenario("sknn", 1, 2, 1, Sessions.of("auto", 1_800_000), W);
        session(s, "p", "1", "a", "old");
        session(s, "q", "2", "a", "far", "f2", "f3");
        session(s, "r", "3", "a", "near");
        session(s, "u", "4", "a");
        assertThat(s.recommend("u", 10, Set.of("a"), t)).containsExactly("near");
    }

    @Test
    void queriesTheLatestSessionsAsked() {
        SknnScenario one = new SknnScenario("sknn", 100, 500, 1, Sessions.of("auto", 1_800_000), W);
        SknnScenario two = new SknnScenario("sknn_2", 100, 500, 2, Sessions.of("auto", 1_800_000), W);
        for (Recommender s : new Recommender[] {one, two}) {
            session(s, "p", "1", "a", "x");
            session(s, "p", "2", "b", "y");
            session(s, "u", "3", "a");
            session(s, "u", "4", "b");
            s.learn(new Event(null, "u", "b", EventType.REMOVE_FROM_CART, t++, null, null, "{\"invoice\":\"C5\"}"));
        }
        // u's latest session with purchases is {b} (the cancellation adds none): only p's 2nd is a neighbour
        assertThat(one.recommend("u", 10, Set.of("a", "b"), t)).containsExactly("y");
        assertThat(two.recommend("u", 10, Set.of("a", "b"), t)).containsExactly("x", "y");
    }
}

package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NextVisitTest {
    private static final EventWeights W = EventWeights.defaults();

    /** Always ranks the same fixed list (less what is excluded); records what it was asked and taught. */
    static final class Fixed implements Recommender {
        final List<String> list;
        final List<String> log = new ArrayList<>();

        Fixed(String... list) {
            this.list = List.of(list);
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public List<String> recommend(String user, int k, Set<String> exclude, long now) {
            log.add("rank " + user + " excluding " + exclude.size());
            return list.stream().filter(i -> !exclude.contains(i)).limit(k).toList();
        }

        @Override
        public void learn(Event e) {
            log.add("learn " + e.userId + " " + e.itemId);
        }
    }

    static Event buy(String user, String item, long ts, String invoice) {
        return SessionsTest.ev(user, item, ts, invoice);
    }

    @Test
    void ranksOnceAtEachReturningSessionAndScoresNewAndRepeatItems() {
        List<Event> events = List.of(
                buy("u", "a", 0, "1"), buy("u", "b", 1, "1"), // u's first session: counted, not scored
                buy("v", "a", 2, "2"), // v: one session only
                buy("u", "a", 10, "3"), buy("u", "c", 11, "3"), buy("u", "d", 12, "3"), // u returns: a repeat, c and d new
                new Event(null, "u", "b", EventType.REMOVE_FROM_CART, 20, null, null, "{\"invoice\":\"C4\"}")); // no positives
        Fixed r = new Fixed("c", "a", "x", "d");
        Map<String, Double> m = NextVisit.run(r, events, W, Sessions.of("auto", 1_800_000));

        // ranked at the returning sessions' first events, before learning them; two lists each (new, with repeats)
        assertThat(r.log).containsExactly("learn u a", "learn u b", "learn v a",
                "rank u excluding 2", "rank u excluding 0", "learn u a", "learn u c", "learn u d",
                "rank u excluding 4", "rank u excluding 0", "learn u b");
        // new: targets {c, d}; the list without a and b is c, x, d: both within 20, c first and d third
        assertThat(m.get("new_recall@20")).isEqualTo(1.0);
        assertThat(m.get("new_recall@10")).isEqualTo(1.0);
        double idcg2 = 1 + 1 / log2(3);
        assertThat(m.get("new_ndcg@20")).isCloseTo((1 + 1 / log2(4)) / idcg2, within(1e-12));
        assertThat(m.get("new_evaluable")).isEqualTo(1.0);
        // with repeats: targets {a, c, d}; the list c, a, x, d holds all three at ranks 1, 2 and 4
        assertThat(m.get("repeats_recall@20")).isEqualTo(1.0);
        assertThat(m.get("repeats_ndcg@20")).isCloseTo((1 + 1 / log2(3) + 1 / log2(5)) / (idcg2 + 1 / log2(4)),
                within(1e-12));
        assertThat(m.get("repeats_evaluable")).isEqualTo(1.0); // the cancellation-only session has no targets
        assertThat(m.get("sessions")).isEqualTo(4.0);
        assertThat(m.get("returning_sessions")).isEqualTo(2.0);
        assertThat(m.get("users")).isEqualTo(2.0);
        assertThat(m.get("one_session_users")).isEqualTo(1.0);
        assertThat(m.get("new_evaluable[1]")).isEqualTo(1.0); // one session before it
        assertThat(m.get("new_recall@20[1]")).isEqualTo(1.0);
        assertThat(m.get("new_evaluable[2-4]")).isZero();
    }

    @Test
    void recallIsTheShareOfTheSessionsTargetsFound() {
        List<Event> events = List.of(buy("u", "a", 0, "1"),
                buy("u", "b", 10, "2"), buy("u", "c", 11, "2"), buy("u", "d", 12, "2"), buy("u", "e", 13, "2"));
        Map<String, Double> m = NextVisit.run(new Fixed("z", "c"), events, W, Sessions.of("auto", 1_800_000));
        assertThat(m.get("new_recall@20")).isEqualTo(0.25);
        assertThat(m.get("new_ndcg@20")).isCloseTo((1 / log2(3)) / (1 + 1 / log2(3) + 1 / log2(4) + 1 / log2(5)),
                within(1e-12));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

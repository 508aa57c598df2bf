package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-session protocol's figures, worked out by hand for the popularity baseline on a tiny stream. */
class PrequentialTest {
    private static final EventWeights W = EventWeights.defaults();

    static Event ev(String user, String item, EventType type, long ts, String category) {
        return new Event(null, user, item, type, ts, null, category, null);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void popularityFiguresOnAHandMadeStream() {
        List<Event> events = List.of(
                ev("u1", "a", EventType.PURCHASE, 0, "x"),  // u1 new: not scored
                ev("u2", "b", EventType.PURCHASE, 1, "x"),  // u2 new: not scored
                ev("u1", "b", EventType.PURCHASE, 2, "x"),  // scored: [b] (a excluded): hit at rank 1
                ev("u2", "c", EventType.PURCHASE, 3, "y"),  // scored: [a] (b excluded; a 6, b 12): miss
                ev("u3", "a", EventType.VIEW, 4, "x"),      // u3 new: not scored
                ev("u3", "c", EventType.PURCHASE, 5, "y"),  // scored: [b, c] (b 12, a 7, c 6; a excluded): rank 2
                ev("u4", "d", EventType.VIEW, 6, "y"));     // u4 new: not scored; d only widens the catalogue
        Map<String, Double> m = Prequential.run(new PopularityScenario(1e6, W), events, W);
        assertThat(m.get("evaluable")).isEqualTo(3.0);
        assertThat(m.get("recall@20")).isEqualTo(2.0 / 3);
        assertThat(m.get("recall@10")).isEqualTo(2.0 / 3);
        assertThat(m.get("ndcg@20")).isCloseTo((1 + 1 / log2(3)) / 3, within(1e-12));
        assertThat(m.get("coverage")).isEqualTo(0.75); // a, b, c of a, b, c, d
        assertThat(m.get("diversity")).isEqualTo(1.0); // one list with a pair: b (x) and c (y)
        // −log2((count + 1) / (interactions + 1)) per listed item: b 2/3; a 2/4; b 3/6, c 2/6
        assertThat(m.get("novelty")).isCloseTo((-log2(2.0 / 3) + 1 + 1 + log2(3)) / 4, within(1e-12));
        assertThat(m.get("cold_evaluable")).isEqualTo(3.0);
        assertThat(m.get("cold_recall@20")).isEqualTo(2.0 / 3);
    }
}

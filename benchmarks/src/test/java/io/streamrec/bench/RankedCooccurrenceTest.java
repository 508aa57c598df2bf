package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.rank.RankConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served ranking's co-occurrence and buy-again parts in the quality benchmark, on a hand-made stream. */
class RankedCooccurrenceTest {
    private static final EventWeights W = EventWeights.defaults();
    private static final long DAY = 86_400_000L;

    private static RankedScenario ranked() {
        StreamrecScenario model = new StreamrecScenario("m", MfConfig.defaults().withDim(8), W, 1, 100, 0, 0);
        return new RankedScenario("r", model, RankConfig.modelOnly().withoutExploration(), W, 50);
    }

    /** Many shoppers buy bread with butter, a few with jam; u bought bread alone. */
    private static void feed(RankedScenario r) {
        long t = 0;
        for (int s = 0; s < 30; s++) {
            r.learn(Event.of("s" + s, "bread", EventType.PURCHASE, t));
            r.learn(Event.of("s" + s, s < 20 ? "butter" : "jam", EventType.PURCHASE, t + 1));
            t += DAY / 10;
        }
        r.learn(Event.of("u", "bread", EventType.PURCHASE, t));
        r.learn(Event.of("u", "tea", EventType.PURCHASE, t + DAY));
        r.learn(Event.of("u", "tea", EventType.PURCHASE, t + 8 * DAY));
    }

    @Test
    void coOccurrenceAloneRanksWhatWasBoughtWithTheUsersItems() {
        RankedScenario r = ranked().withCooccurrence(new CoOccurrence(CoOccurrence.Settings.defaults()), 1.0);
        feed(r);
        List<String> top = r.recommend("u", 2, Set.of("bread", "tea"), 20 * DAY);
        assertThat(top).containsExactly("butter", "jam");
    }

    /** Views only: co-occurrence of purchases sees nothing; of every positive event (model.cooc.events) it counts the views. */
    @Test
    void theViewsAblationLearnsCoOccurrenceFromViews() {
        CoOccurrence.Settings d = CoOccurrence.Settings.defaults();
        RankedScenario purchases = ranked().withCooccurrence(new CoOccurrence(new CoOccurrence.Settings(d.halfLifeMillis(),
                d.maxNeighbours(), d.maxPartners(), d.basketGapMillis(), d.shrink(), false)), 1.0);
        RankedScenario views = ranked().withCooccurrence(new CoOccurrence(new CoOccurrence.Settings(d.halfLifeMillis(),
                d.maxNeighbours(), d.maxPartners(), d.basketGapMillis(), d.shrink(), true)), 1.0);
        long t = 0;
        for (int s = 0; s < 30; s++) {
            for (RankedScenario r : List.of(purchases, views)) {
                r.learn(Event.of("s" + s, "bread", EventType.VIEW, t));
                r.learn(Event.of("s" + s, s < 20 ? "butter" : "jam", EventType.VIEW, t + 1));
            }
            t += DAY / 10;
        }
        for (RankedScenario r : List.of(purchases, views)) {
            r.learn(Event.of("u", "bread", EventType.VIEW, t));
        }
        assertThat(views.recommend("u", 2, Set.of("bread"), t + 1)).containsExactly("butter", "jam");
        assertThat(purchases.recommend("u", 2, Set.of("bread"), t + 1)).doesNotContainSequence("butter", "jam");
    }

    @Test
    void repeatsComeFirstInTheirShareAndTheCallersExclusionsHold() {
        RankedScenario r = ranked().withCooccurrence(new CoOccurrence(CoOccurrence.Settings.defaults()), 1.0)
                .withRepeats(0.5);
        feed(r);
        // tea bought in two orders, bread once: both repeats, tea first; the ranked part leaves them out
        assertThat(r.recommend("u", 4, Set.of(), 20 * DAY)).containsExactly("tea", "bread", "butter", "jam");
        assertThat(r.recommend("u", 4, Set.of("tea", "bread"), 20 * DAY)).containsExactly("butter", "jam");
    }
}

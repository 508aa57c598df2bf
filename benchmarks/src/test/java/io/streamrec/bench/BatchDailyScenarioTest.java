package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchDailyScenarioTest {
    private static final EventWeights W = EventWeights.defaults();
    private static final long DAY = BatchDailyScenario.DAY;
    private static final long T0 = 20_000 * DAY; // a day boundary; day 1 of its 7-day period (20,000 = 7 · 2,857 + 1)

    private static BatchDailyScenario als(String retrain) {
        return new BatchDailyScenario(4, 0.1f, 2, 2, W, retrain, 1); // popularity's half-life: one hour
    }

    @Test
    void servesPopularityBeforeItsFirstRetrain() {
        BatchDailyScenario b = als("daily");
        b.learn(Event.of("u1", "a", EventType.PURCHASE, T0 + 1));
        b.learn(Event.of("u2", "b", EventType.PURCHASE, T0 + 2));
        b.learn(Event.of("u3", "b", EventType.VIEW, T0 + 3));
        b.learn(Event.of("u3", "c", EventType.VIEW, T0 + 4));
        b.learn(Event.of("u4", "c", EventType.REMOVE_FROM_CART, T0 + 5)); // not popularity
        assertThat(b.retrains).isZero();
        assertThat(b.recommend("u9", 10, Set.of(), T0 + 6)).containsExactly("b", "a", "c");
        assertThat(b.recommend("u1", 2, Set.of("b"), T0 + 6)).containsExactly("a", "c");
    }

    @Test
    void itsPopularityBeforeTheFirstRetrainIsDecayed() {
        BatchDailyScenario b = als("every:100");
        b.learn(Event.of("u1", "old", EventType.PURCHASE, T0)); // 6, decays to 1.5 two hours later
        b.learn(Event.of("u2", "new", EventType.ADD_TO_CART, T0 + 7_200_000)); // 4
        assertThat(b.retrains).isZero();
        assertThat(b.recommend("u9", 10, Set.of(), T0 + 7_200_000)).containsExactly("new", "old");
        b.learn(Event.of("u3", "old", EventType.PURCHASE, T0 + 7_200_000)); // 7.5 now
        assertThat(b.recommend("u9", 10, Set.of(), T0 + 7_200_000)).containsExactly("old", "new");
    }

    @Test
    void retrainsAtTheCadenceAsked() {
        BatchDailyScenario daily = als("daily");
        BatchDailyScenario weekly = als("weekly");
        BatchDailyScenario every = als("every:5");
        for (int i = 0; i < 21; i++) { // one event a day for three weeks
            Event e = Event.of("u" + (i % 3), "i" + (i % 4), EventType.PURCHASE, T0 + i * DAY + 1000);
            daily.learn(e);
            weekly.learn(e);
            every.learn(e);
        }
        assertThat(daily.retrains).isEqualTo(20);
        assertThat(weekly.retrains).isEqualTo(3); // period boundaries at days 6, 13 and 20 from T0
        assertThat(every.retrains).isEqualTo(4); // after events 5, 10, 15, 20
    }

    @Test
    void afterARetrainKnownUsersGetTheModelAndOthersItsPopularity() {
        BatchDailyScenario b = als("every:4");
        b.learn(Event.of("u1", "a", EventType.PURCHASE, T0));
        b.learn(Event.of("u1", "b", EventType.PURCHASE, T0 + 1));
        b.learn(Event.of("u2", "a", EventType.PURCHASE, T0 + 2));
        b.learn(Event.of("u3", "a", EventType.PURCHASE, T0 + 3));
        assertThat(b.retrains).isEqualTo(1);
        assertThat(b.recommend("u9", 5, Set.of(), T0 + 4)).containsExactly("a", "b");
        assertThat(b.recommend("u2", 5, Set.of("a"), T0 + 4)).containsExactly("b");
    }

    @Test
    void rejectsAnUnknownCadence() {
        assertThatThrownBy(() -> als("hourly")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> als("every:0")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.Repurchase;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuyAgainScenarioTest {
    static final long DAY = 86_400_000L;

    @Test
    void ranksTheUsersOwnItemsByDecayedOrdersAndTakesBackHalfAnOrderPerCancellation() {
        // ten items kept, 90-day half-life, one-hour orders, no due boost, half an order per cancellation
        BuyAgainScenario r = new BuyAgainScenario(new Repurchase(10, 90 * DAY, 0.3, 3_600_000L, 0, 0.5));
        r.learn(Event.of("u", "a", EventType.PURCHASE, 0));
        r.learn(Event.of("u", "a", EventType.PURCHASE, 10 * DAY));
        r.learn(Event.of("u", "b", EventType.PURCHASE, 10 * DAY));
        r.learn(Event.of("u", "c", EventType.PURCHASE, 20 * DAY));
        r.learn(Event.of("u", "a", EventType.VIEW, 21 * DAY)); // views are no orders
        // a: two orders; c: one order, more recent than b's
        assertThat(r.recommend("u", 10, Set.of(), 21 * DAY)).containsExactly("a", "c", "b");
        // half an order taken back from c: 0.5 (decayed) under b's single order
        r.learn(Event.of("u", "c", EventType.REMOVE_FROM_CART, 20 * DAY + 1000));
        assertThat(r.recommend("u", 10, Set.of(), 21 * DAY)).containsExactly("a", "b", "c");
        assertThat(r.recommend("u", 2, Set.of("a"), 21 * DAY)).containsExactly("b", "c");
        assertThat(r.recommend("nobody", 10, Set.of(), 21 * DAY)).isEmpty();
    }
}

package io.streamrec.flink.interest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.interest.UserLists;
import java.util.List;
import io.streamrec.flink.learn.UserLearnerHarness;
import org.junit.jupiter.api.Test;

/** Recent items, bought items and interests as the user learner keeps them per user and emits them after each event. */
class RecentItemsInUserLearnerTest {
    @Test
    void keepsOneStatePerUserAndEmitsItsListsAfterEachEvent() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (var h = UserLearnerHarness.recent(model, 0)) {
            h.processElement(Event.of("alice", "shoe", EventType.VIEW, 1000), 1000);
            h.processElement(Event.of("bob", "lamp", EventType.PURCHASE, 1000), 1000);
            h.processElement(Event.of("alice", "sock", EventType.PURCHASE, 2000), 2000);

            List<UserRecentItems> out = UserLearnerHarness.lists(h);
            assertThat(out).hasSize(3);
            UserLists last = out.get(2).decoded();
            assertThat(out.get(2).userId).isEqualTo("alice");
            assertThat(out.get(2).version).isEqualTo(2).isEqualTo(last.version());
            assertThat(last.refTs()).isEqualTo(2000);
            assertThat(last.items()).containsExactlyInAnyOrder("sock", "shoe");
            assertThat(last.bought()).containsExactly("sock");
            assertThat(out.get(1).decoded().items()).containsExactly("lamp");
            assertThat(out.get(1).version).isEqualTo(1);
            for (UserRecentItems u : out) {
                for (double s : u.decoded().weights()) {
                    assertThat(Double.isFinite(s) && s > 0).isTrue();
                }
            }
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Test
    void aForgetTombstoneClearsTheUsersStateAndEmitsTheDeletion() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (var h = UserLearnerHarness.recent(model, 0)) {
            h.processElement(Event.of("alice", "shoe", EventType.PURCHASE, 1000), 1000);
            h.processElement(Event.of("bob", "lamp", EventType.VIEW, 1000), 1000);
            assertThat(UserLearnerHarness.lists(h).get(0).decoded().bought()).containsExactly("shoe");
            h.processElement(io.streamrec.core.event.EventParser.forgetUser("alice", 3000), 3000);
            assertThat(UserLearnerHarness.lists(h).get(2).isForgotten()).isTrue();
            assertThat(UserLearnerHarness.lists(h).get(2).userId).isEqualTo("alice");
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // only bob's
            h.processElement(Event.of("alice", "hat", EventType.VIEW, 4000), 4000);
            UserRecentItems fresh = UserLearnerHarness.lists(h).get(3);
            assertThat(fresh.version).isEqualTo(1); // a new user as far as the job knows
            assertThat(fresh.decoded().items()).containsExactly("hat");
            assertThat(fresh.decoded().bought()).isEmpty();
        }
    }

    @Test
    void emitsTheCategoryInterestsAtTheReferenceTime() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10,
                new io.streamrec.core.interest.CategoryInterests(30 * 60_000d, 14 * 86_400_000d, 5));
        try (var h = UserLearnerHarness.recent(model, 0)) {
            long t = 1_700_000_000_000L;
            h.processElement(new Event(null, "u", "rake", EventType.PURCHASE, t, null, "garden", null), t);
            h.processElement(new Event(null, "u", "pan", EventType.VIEW, t + 30 * 60_000, null, "kitchen", null), t);
            UserLists out = UserLearnerHarness.lists(h).get(1).decoded();
            assertThat(out.refTs()).isEqualTo(t + 30 * 60_000);
            assertThat(out.categories()).containsExactly("garden", "kitchen");
            assertThat(out.shortInterest()[0]).isCloseTo(3.0, org.assertj.core.api.Assertions.within(1e-9)); // 6, one half-life ago
            assertThat(out.shortInterest()[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(out.longInterest()[0]).isGreaterThan(5.99);
        }
    }

    @Test
    void aUserInactiveForTheTimeToLiveStartsAfresh() throws Exception {
        RecentItems model = new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
        try (var h = UserLearnerHarness.recent(model, 3600)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(Event.of("u", "a", EventType.VIEW, 1000), 1000);
            h.setStateTtlProcessingTime(3_599_000);
            h.processElement(Event.of("u", "b", EventType.VIEW, 2000), 2000);
            assertThat(UserLearnerHarness.lists(h).get(1).version).isEqualTo(2);
            h.setStateTtlProcessingTime(3_599_000 + 3_600_001);
            h.processElement(Event.of("u", "c", EventType.VIEW, 3000), 3000);
            UserRecentItems fresh = UserLearnerHarness.lists(h).get(2);
            assertThat(fresh.version).isEqualTo(1);
            assertThat(fresh.decoded().items()).containsExactly("c");
        }
    }
}

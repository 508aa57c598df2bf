package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.flink.interest.UserRecentItems;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A user learner restores only snapshots of its own layout (a user's state one value): its own snapshots
 * carry the mark; operator state without it (a job from before, whose user learner kept only the vectors)
 * is refused at restore instead of every user silently starting over.
 */
class UserLayoutTest {
    @Test
    void itsOwnSnapshotRestoresAndTheUserGoesOn() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = UserLearnerHarness.operator(function())) {
            h.open();
            h.processElement(Event.of("ann", "tea", EventType.PURCHASE, 1000), 1000);
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1000);
        }
        try (var h = UserLearnerHarness.operator(function())) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(Event.of("ann", "pan", EventType.VIEW, 2000), 2000);
            UserRecentItems lists = UserLearnerHarness.lists(h).get(0);
            assertThat(lists.version).isEqualTo(2);
            assertThat(lists.decoded().items()).contains("tea", "pan");
            assertThat(h.extractOutputValues().get(0).version).as("the vector's second event").isEqualTo(2);
        }
    }

    @Test
    void operatorStateWithoutTheMarkIsRefused() throws Exception {
        OperatorSubtaskState other; // operator state of another kind: the item learner's centroids
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, BundledGradient, VectorUpdate>(
                new ItemLearnerOperator(new ItemLearnerFunction(UserLearnerHarness.settings())), g -> g.itemId, Types.STRING)) {
            h.open();
            other = h.snapshot(1, 1000);
        }
        assertThat(other.getManagedOperatorState()).isNotEmpty();
        try (var h = UserLearnerHarness.operator(function())) {
            assertThatThrownBy(() -> h.initializeState(other)).hasStackTraceContaining("migrate it first");
        }
    }

    static UserLearnerFunction function() {
        return new UserLearnerFunction(UserLearnerHarness.settings(), UserLearnerHarness.recentItems(), 0,
                UserLearnerHarness.purchases());
    }
}

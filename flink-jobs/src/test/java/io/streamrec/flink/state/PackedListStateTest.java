package io.streamrec.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PackedListStateTest {
    private static final int MAX_PARALLELISM = 128;

    /** Keeps the strings it is sent; {@link #store} puts them into its operator state at a snapshot. */
    abstract static class Keeper extends AbstractStreamOperator<String> implements OneInputStreamOperator<String, String> {
        final List<String> held = new ArrayList<>();

        abstract void store(List<String> values) throws Exception;

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            store(held);
        }

        @Override
        public void processElement(StreamRecord<String> element) {
            held.add(element.getValue());
        }
    }

    /** Keeps them in a packed list state (union or split); what it restored, in order. */
    static final class Holder extends Keeper {
        private final boolean union;
        private transient PackedListState<String> state;
        List<String> restored;

        Holder(boolean union) {
            this.union = union;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            var store = context.getOperatorStateStore();
            state = union ? PackedListState.union(store, "items.packed", Types.STRING, "items", context.isRestored())
                    : PackedListState.split(store, "items.packed", Types.STRING, "items", context.isRestored());
            if (context.isRestored()) {
                restored = state.get();
                held.addAll(restored);
            }
        }

        @Override
        void store(List<String> values) throws Exception {
            state.update(values);
        }
    }

    /** The former layout: one element per entry. */
    static final class Legacy extends Keeper {
        private transient ListState<String> state;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("items", Types.STRING));
        }

        @Override
        void store(List<String> values) throws Exception {
            state.update(values);
        }
    }

    private static OperatorSubtaskState snapshotOf(OneInputStreamOperator<String, String> op, int parallelism, int subtask,
                                                   List<String> values) throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(op, MAX_PARALLELISM, parallelism, subtask)) {
            h.open();
            for (String v : values) {
                h.processElement(v, 0);
            }
            return h.snapshot(1, 1);
        }
    }

    private static Holder restore(boolean union, OperatorSubtaskState state, int parallelism, int subtask) throws Exception {
        Holder op = new Holder(union);
        try (var h = new OneInputStreamOperatorTestHarness<>(op, MAX_PARALLELISM, parallelism, subtask)) {
            h.initializeState(state);
            h.open();
        }
        return op;
    }

    @Test
    void aListComesBackWholeAndInOrder() throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            values.add("item-" + i);
        }
        values.add("");
        OperatorSubtaskState s = snapshotOf(new Holder(false), 1, 0, values);
        assertThat(restore(false, s, 1, 0).restored).containsExactlyElementsOf(values);
        assertThat(s.getManagedOperatorState()).singleElement().satisfies(handle -> assertThat(
                handle.getStateNameToPartitionOffsets().get("items.packed").getOffsets()).as("one element, one offset").hasSize(1));
    }

    @Test
    void unionGivesEveryInstanceEveryInstancesEntriesAfterARescale() throws Exception {
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(
                snapshotOf(new Holder(true), 2, 0, List.of("a", "b")), snapshotOf(new Holder(true), 2, 1, List.of("c")));
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState mine = AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 3, subtask);
            assertThat(restore(true, mine, 3, subtask).restored).as("instance %d of 3", subtask)
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void splitPutsEveryEntryOnExactlyOneInstanceAfterARescale() throws Exception {
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(
                snapshotOf(new Holder(false), 2, 0, List.of("a", "b")), snapshotOf(new Holder(false), 2, 1, List.of("c")));
        List<String> all = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            OperatorSubtaskState mine = AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 3, subtask);
            List<String> restored = restore(false, mine, 3, subtask).restored;
            if (restored != null) {
                all.addAll(restored);
            }
        }
        assertThat(all).containsExactlyInAnyOrder("a", "b", "c");
        OperatorSubtaskState one = AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 1, 0);
        assertThat(restore(false, one, 1, 0).restored).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aCheckpointOfTheFormerLayoutIsReadOnce() throws Exception {
        OperatorSubtaskState legacy = snapshotOf(new Legacy(), 1, 0, List.of("x", "y"));
        Holder first = restore(true, legacy, 1, 0);
        assertThat(first.restored).containsExactly("x", "y");

        // its next checkpoint holds them packed, and the former state empty: nothing doubles
        Holder again = new Holder(true);
        OperatorSubtaskState next;
        try (var h = new OneInputStreamOperatorTestHarness<>(again, MAX_PARALLELISM, 1, 0)) {
            h.initializeState(legacy);
            h.open();
            h.processElement("z", 0);
            next = h.snapshot(2, 2);
        }
        assertThat(restore(true, next, 1, 0).restored).containsExactly("x", "y", "z");
    }
}

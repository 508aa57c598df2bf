package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.model.MfConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendingPublicationsTest {
    private static final MfConfig CONFIG = MfConfig.defaults().withDim(8);

    @Test
    void theItemStateStoresItsModelFieldsOnly() throws java.io.IOException {
        // the remembered publication entry and the norm are transient: the state's stored form is its model's
        ItemState s = new ItemState();
        s.vec = new float[] {1, 2, 3};
        s.ctx = new float[] {4, 5};
        s.version = 7;
        s.category = "garden";
        var serializer = new io.streamrec.flink.wire.ItemStateSerializer();
        var plain = new org.apache.flink.core.memory.DataOutputSerializer(64);
        serializer.serialize(s, plain);
        s.norm = 3.5f;
        s.waiting = new PendingPublications.Waiting("i1", 0);
        var remembering = new org.apache.flink.core.memory.DataOutputSerializer(64);
        serializer.serialize(s, remembering);
        assertThat(remembering.getCopyOfBuffer()).isEqualTo(plain.getCopyOfBuffer());
        ItemState back = serializer.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(plain.getCopyOfBuffer()));
        assertThat(back.waiting).isNull();
        assertThat(back.norm).isNaN();
        assertThat(back.vec).containsExactly(1, 2, 3);
    }

    /**
     * The same messages through two item learners' publication bookkeeping: one keeps each item's state
     * object (as the state cache does, the state remembering its entry), the other hands it a fresh copy per
     * message (as a state read back from the backend, which remembers nothing): the same items are due, the
     * same wait, and drains, snapshots and a restore see the same entries. With a floor of 8 the index drops
     * the entries of items not waiting all the time (each a state may still remember).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {PendingPublications.INDEX_FLOOR, 8})
    void aStateRemembersItsEntryWithTheSameDecisionsAsLookingItUp(int indexFloor) {
        Run kept = new Run(false, indexFloor);
        Run copied = new Run(true, indexFloor);
        SplittableRandom rnd = new SplittableRandom(5);
        boolean dropping = indexFloor < 100;
        int items = dropping ? 2_000 : 200; // more items than the small index keeps: entries dropped and taken back
        int drainEvery = dropping ? 50 : 500;
        int due = 0;
        int indexedMax = 0;
        for (int step = 0; step < 20_000; step++) {
            String item = "i" + (int) (items * Math.pow(rnd.nextDouble(), 2));
            float coef = (float) rnd.nextDouble(-0.3, 0.3);
            float[] x = new float[CONFIG.width()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) rnd.nextGaussian();
            }
            long now = step;
            boolean a = kept.message(item, coef, x, now);
            boolean b = copied.message(item, coef, x, now);
            assertThat(b).as("step %d, %s", step, item).isEqualTo(a);
            due += a ? 1 : 0;
            indexedMax = Math.max(indexedMax, kept.waiting.indexed());
            if (rnd.nextInt(drainEvery) == 0) { // items waiting 300 steps go out on their own clock
                assertThat(copied.waiting.drainWaitingSince(now - 300)).isEqualTo(kept.waiting.drainWaitingSince(now - 300));
            }
            if (rnd.nextInt(3_000) == 0) { // a restore of what a checkpoint kept
                List<PendingPublications.Entry> snapshot = kept.waiting.snapshot();
                assertThat(copied.waiting.snapshot()).isEqualTo(snapshot);
                kept.waiting.restore(List.of());
                copied.waiting = new PendingPublications(1f, indexFloor);
                copied.waiting.restore(snapshot);
            }
        }
        assertThat(due).as("some due at once, most wait").isBetween(200, 19_000);
        if (dropping) {
            assertThat(indexedMax).as("the index dropped entries of items not waiting").isLessThan(items / 2);
        }
        assertThat(copied.waiting.snapshot()).isEqualTo(kept.waiting.snapshot()).isNotEmpty();
        assertThat(copied.waiting.drain()).isEqualTo(kept.waiting.drain());
    }

    private static final class Run {
        final ItemSide side = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width()));
        final Map<String, ItemState> states = new HashMap<>();
        final boolean copies;
        PendingPublications waiting;

        Run(boolean copies, int indexFloor) {
            this.copies = copies;
            this.waiting = new PendingPublications(1f, indexFloor);
        }

        boolean message(String item, float coef, float[] x, long now) {
            ItemGradient g = new ItemGradient(item, "c", coef, x, now);
            ItemState s = states.get(item);
            boolean created = s == null;
            if (created) {
                s = side.create(g);
            } else if (copies) {
                s = copy(s);
            }
            side.apply(s, g);
            states.put(item, s);
            return waiting.due(side, item, s, created, now);
        }

        private static ItemState copy(ItemState s) {
            ItemState c = new ItemState();
            c.vec = s.vec.clone();
            c.acc = s.acc;
            c.ctx = s.ctx.clone();
            c.ctxAcc = s.ctxAcc;
            c.version = s.version;
            c.category = s.category;
            return c;
        }
    }

    /**
     * A state that remembers an entry the index dropped, across a restore that made a new entry for its item:
     * the item's next move finds the restored entry (its drift goes on from there), and the item waits once.
     */
    @Test
    void aRememberedEntryFromBeforeARestoreGivesWayToTheRestoredOne() {
        ItemSide side = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width()));
        PendingPublications waiting = new PendingPublications(1_000f, 1); // nothing due but new items; a tiny index
        float[] x = new float[CONFIG.width()];
        java.util.Arrays.fill(x, 0.5f);
        ItemGradient g = new ItemGradient("a", "c", 0.1f, x, 1);
        ItemState a = side.create(g);
        side.apply(a, g);
        assertThat(waiting.due(side, "a", a, true, 1)).as("a new item is due at once").isTrue();
        side.apply(a, g);
        assertThat(waiting.due(side, "a", a, false, 2)).isFalse();
        assertThat(waiting.drain()).containsExactly("a"); // published: its entry stays, remembered by its state
        ItemGradient gb = new ItemGradient("b", "c", 0.1f, x, 3);
        ItemState b = side.create(gb);
        side.apply(b, gb);
        waiting.due(side, "b", b, true, 3);
        side.apply(b, gb);
        assertThat(waiting.due(side, "b", b, false, 4)).isFalse();
        assertThat(waiting.indexed()).as("a's entry dropped from the index").isEqualTo(1);

        waiting.restore(List.of(new PendingPublications.Entry("a", 0.5f, 5)));
        side.apply(a, g);
        assertThat(waiting.due(side, "a", a, false, 6)).isFalse();

        List<PendingPublications.Entry> after = waiting.snapshot();
        assertThat(after).extracting(PendingPublications.Entry::itemId).containsExactly("b", "a");
        assertThat(after.get(1).since()).as("the restored entry, not a new one").isEqualTo(5);
        assertThat(after.get(1).drift()).isGreaterThan(0.5f);
    }
}

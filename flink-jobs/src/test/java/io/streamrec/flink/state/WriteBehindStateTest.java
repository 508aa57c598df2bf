package io.streamrec.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeutils.base.array.IntPrimitiveArraySerializer;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/** The cache in front of a keyed value state, against an in-memory backend that counts its reads and writes. */
class WriteBehindStateTest {
    /** A keyed value state: the key is what the cache last switched to. */
    static final class Backend implements ValueState<int[]> {
        final Map<String, int[]> values = new HashMap<>();
        final Map<String, Integer> writes = new HashMap<>();
        int reads;
        String key;

        @Override
        public int[] value() {
            reads++;
            return values.get(key);
        }

        @Override
        public void update(int[] v) {
            values.put(key, v);
            writes.merge(key, 1, Integer::sum);
        }

        @Override
        public void clear() {
            values.remove(key);
        }
    }

    final Backend backend = new Backend();

    WriteBehindState<int[]> cache(int capacity, int maxDirty) {
        WriteBehindState<int[]> c = new WriteBehindState<>(backend, IntPrimitiveArraySerializer.INSTANCE, capacity,
                maxDirty, new SimpleCounter());
        c.enable(k -> backend.key = k, true); // the backend keeps the objects it is given, as the heap backend
        return c;
    }

    /** One record of a keyed function: read the key's value, change it, write it. */
    static void touch(WriteBehindState<int[]> c, Backend b, String key) throws IOException {
        b.key = key;
        int[] v = c.value(key);
        int[] next = v == null ? new int[] {1} : new int[] {v[0] + 1};
        c.update(key, next);
    }

    @Test
    void aKeyUsedAgainSurvivesTheEvictionOfOneUsedOnce() throws Exception {
        WriteBehindState<int[]> c = cache(3, 10);
        touch(c, backend, "a");
        touch(c, backend, "b");
        touch(c, backend, "c");
        touch(c, backend, "a"); // a and b are used again, c is not
        touch(c, backend, "b");
        touch(c, backend, "d"); // the cache is full: c goes
        assertThat(c.cached()).isEqualTo(3);
        assertThat(backend.values).containsOnlyKeys("c"); // written back as it left (it had changed)
        int reads = backend.reads;
        touch(c, backend, "a");
        touch(c, backend, "b");
        touch(c, backend, "d");
        assertThat(backend.reads).as("a, b and d are cached").isEqualTo(reads);
        touch(c, backend, "c"); // back from the backend, with the value it had
        assertThat(backend.reads).isEqualTo(reads + 1);
        assertThat(c.value("c")).containsExactly(2);
        assertThat(c.cached()).isEqualTo(3);
    }

    @Test
    void aHotKeyIsWrittenOnceAtTheBarrierWhileColdOnesTrickleOut() throws Exception {
        WriteBehindState<int[]> c = cache(1_000, 2);
        for (int i = 0; i < 500; i++) {
            touch(c, backend, "hot");
            touch(c, backend, "cold" + i);
        }
        // the queue of changes held 500 elements of "hot" that later changes superseded: none was written
        assertThat(backend.writes).doesNotContainKey("hot");
        assertThat(backend.writes).hasSize(499); // every cold key but the last, once each
        assertThat(backend.writes.values()).containsOnly(1);
        c.writeBack();
        assertThat(backend.writes).containsEntry("hot", 1).containsEntry("cold499", 1).hasSize(501);
        assertThat(backend.values.get("hot")).containsExactly(500);
        c.writeBack();
        assertThat(backend.writes.values()).as("nothing changed since").containsOnly(1);
    }

    @Test
    void aClearedKeyIsNeitherWrittenNorCachedAndItsPlaceIsReused() throws Exception {
        WriteBehindState<int[]> c = cache(2, 10);
        touch(c, backend, "a");
        touch(c, backend, "b");
        backend.key = "a";
        c.clear("a");
        touch(c, backend, "x"); // takes a's place: b stays
        assertThat(c.cached()).isEqualTo(2);
        c.writeBack();
        assertThat(backend.values).containsOnlyKeys("b", "x");
        int reads = backend.reads;
        touch(c, backend, "b");
        assertThat(backend.reads).isEqualTo(reads);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsCapacityAndLosesNoChange() throws Exception {
        WriteBehindState<int[]> c = cache(50, 5);
        Map<String, Integer> expected = new HashMap<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            String key = "k" + (rnd.nextInt(10) < 7 ? rnd.nextInt(20) : rnd.nextInt(500)); // hot and cold keys
            touch(c, backend, key);
            expected.merge(key, 1, Integer::sum);
            assertThat(c.cached()).isLessThanOrEqualTo(50);
        }
        c.writeBack();
        assertThat(backend.values).hasSize(expected.size());
        expected.forEach((k, n) -> assertThat(backend.values.get(k)).as(k).containsExactly(n));
    }

    @Test
    void onABackendThatKeepsObjectsTheCacheChangesOnlyItsOwnCopies() throws Exception {
        WriteBehindState<int[]> c = cache(10, 1);
        touch(c, backend, "a");
        touch(c, backend, "b"); // a is written back
        int[] stored = backend.values.get("a");
        backend.key = "a";
        c.value("a")[0] = 99; // a function changing its value in place before its update
        assertThat(stored).as("what a snapshot of the backend may be reading").containsExactly(1);
        backend.values.put("c", new int[] {5});
        backend.key = "c";
        c.value("c")[0] = 6;
        assertThat(backend.values.get("c")).containsExactly(5);
    }

    @Test
    void aCacheLargerThanItsKeysReadsEachKeyOnce() throws Exception {
        WriteBehindState<int[]> c = cache(1_000, 20);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            touch(c, backend, "k" + rnd.nextInt(500));
            if (i % 5_000 == 4_999) {
                c.writeBack(); // barriers in between change nothing about what is cached
            }
        }
        assertThat(backend.reads).isEqualTo(500);
    }

    @Test
    void keysOfTheSameHashCodeKeepTheirOwnValuesThroughEvictionAndClearing() throws Exception {
        // "Aa" and "BB" have the same hash code, so do all 64 strings of six such pairs: one bucket
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(""));
        for (int i = 0; i < 6; i++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String k : keys) {
                longer.add(k + "Aa");
                longer.add(k + "BB");
            }
            keys = longer;
        }
        assertThat(keys.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        WriteBehindState<int[]> c = cache(20, 5);
        Map<String, Integer> expected = new HashMap<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            String key = keys.get(rnd.nextInt(keys.size()));
            if (i % 97 == 0) {
                backend.key = key;
                c.clear(key);
                expected.remove(key);
            } else {
                touch(c, backend, new String(key)); // an equal key, not the cached instance
                expected.merge(key, 1, Integer::sum);
            }
            assertThat(c.cached()).isLessThanOrEqualTo(20);
        }
        c.writeBack();
        assertThat(backend.values).hasSize(expected.size());
        expected.forEach((k, n) -> assertThat(backend.values.get(k)).as(k).containsExactly(n));
    }
}

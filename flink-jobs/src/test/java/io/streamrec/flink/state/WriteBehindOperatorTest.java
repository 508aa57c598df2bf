package io.streamrec.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.flink.trend.ItemTrend;
import io.streamrec.flink.trend.TrendingFunction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The state caches by state backend: on in front of RocksDB, off on the heap backend, the same results either way. */
class WriteBehindOperatorTest {
    static final long T0 = 1_700_000_000_000L;

    record Run(int cachedAfterInput, Map<String, Double> restoredScores) {}

    /** Events for three items, a checkpoint, and the scores a restored operator publishes. */
    static Run run(StateBackend backend) throws Exception {
        TrendingFunction f = new TrendingFunction(EventWeights.defaults(), 3_600_000d, 86_400_000d, 100, 10, 1000);
        OperatorSubtaskState checkpoint;
        int cached;
        try (var h = harness(f, backend)) {
            h.setProcessingTime(0);
            h.open();
            for (int i = 0; i < 30; i++) {
                h.processElement(Event.of("u" + i, "i" + (i % 3), EventType.VIEW, T0 + i), T0 + i);
            }
            cached = f.writeBehindState().cached();
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1);
        }
        TrendingFunction restored = new TrendingFunction(EventWeights.defaults(), 3_600_000d, 86_400_000d, 100, 10, 1000);
        Map<String, Double> scores = new HashMap<>();
        try (var h = harness(restored, backend)) {
            h.setProcessingTime(1000);
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(2000);
            for (ItemTrend t : h.extractOutputValues()) {
                scores.put(t.itemId, t.logLong);
            }
        }
        return new Run(cached, scores);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Event, ItemTrend> harness(TrendingFunction f, StateBackend backend)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new WriteBehindOperator<>(f), (Event e) -> e.itemId, Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    @Test
    void theCachesStayOffOnTheHeapBackendAndOnInFrontOfRocksDbWithTheSameCheckpointedState() throws Exception {
        Run heap = run(new HashMapStateBackend());
        Run rocks = run(new EmbeddedRocksDBStateBackend());
        assertThat(heap.cachedAfterInput()).as("the heap backend is a cache itself").isZero();
        assertThat(rocks.cachedAfterInput()).as("the three items on the heap in front of RocksDB").isEqualTo(3);
        assertThat(rocks.restoredScores()).hasSize(3).isEqualTo(heap.restoredScores());
    }
}

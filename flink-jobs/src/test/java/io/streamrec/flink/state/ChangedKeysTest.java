package io.streamrec.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.base.array.IntPrimitiveArraySerializer;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.TimerService;
import org.junit.jupiter.api.Test;

class ChangedKeysTest {
    /** A processing-time clock the test moves; timers are only noted (the test calls publishDue itself). */
    static final class Clock implements TimerService {
        long now;

        @Override
        public long currentProcessingTime() {
            return now;
        }

        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public void registerProcessingTimeTimer(long time) {}

        @Override
        public void registerEventTimeTimer(long time) {}

        @Override
        public void deleteProcessingTimeTimer(long time) {}

        @Override
        public void deleteEventTimeTimer(long time) {}
    }

    /** A keyed function's state behind a small cache (evictions happen) and its changed keys. */
    static final class Run {
        final WriteBehindStateTest.Backend backend = new WriteBehindStateTest.Backend();
        final WriteBehindState<int[]> state = new WriteBehindState<>(backend, IntPrimitiveArraySerializer.INSTANCE, 8, 4,
                new SimpleCounter());
        final ChangedKeys changed = new ChangedKeys(100);
        final boolean marks;
        final List<String> published = new ArrayList<>();

        Run(boolean marks) {
            this.marks = marks;
            state.enable(k -> backend.key = k, false);
        }

        void record(String key, Clock clock) throws Exception {
            WriteBehindStateTest.touch(state, backend, key);
            changed.add(key, clock, marks ? state : null);
        }

        void due(Clock clock) throws Exception {
            changed.publishDue(state, (k, v) -> published.add(k + "=" + v[0]), clock);
        }
    }

    @Test
    void keysMarkedInTheCacheArePublishedExactlyAsKeysLookedUpInTheMap() throws Exception {
        // the same records through changed keys that ask the cache's mark first and through ones that
        // always ask the map: the same keys published, each once per interval, at the same times
        Run marked = new Run(true);
        Run plain = new Run(false);
        Clock clock = new Clock();
        SplittableRandom rnd = new SplittableRandom(9);
        for (int step = 0; step < 20_000; step++) {
            clock.now += rnd.nextInt(3);
            String key = "k" + (int) (40 * Math.pow(rnd.nextDouble(), 2)); // hot keys and a tail: evictions
            marked.record(key, clock);
            plain.record(key, clock);
            if (rnd.nextInt(20) == 0) {
                marked.due(clock);
                plain.due(clock);
            }
            if (rnd.nextInt(5_000) == 0) { // a checkpoint's restore of the waiting keys
                var snapshot = plain.changed.snapshot();
                assertThat(marked.changed.snapshot()).isEqualTo(snapshot);
                marked.changed.restore(List.of());
                plain.changed.restore(List.of());
            }
        }
        assertThat(marked.published).isEqualTo(plain.published).hasSizeGreaterThan(1_000);
        assertThat(marked.changed.snapshot()).isEqualTo(plain.changed.snapshot());
        marked.changed.publish(marked.state, (k, v) -> marked.published.add(k + "=" + v[0]));
        plain.changed.publish(plain.state, (k, v) -> plain.published.add(k + "=" + v[0]));
        assertThat(marked.published).isEqualTo(plain.published);
    }
}

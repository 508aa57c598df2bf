package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operator test harnesses for the two learner functions (the user side reads item vectors from a real Redis). */
class LearnerFunctionsIT {
    static EmbeddedRedis redis;
    static LearnerSettings settings;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start(Path.of("target/it-learner-redis"), 0, false);
        settings = new LearnerSettings(MfConfig.defaults().withDim(8), EventWeights.defaults(), 100, 0.5, 1000, 10, 1.0,
                new RedisSettings(redis.url(), 2000, 4, 500, "harness"));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> userHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new UserLearnerFunction(settings)),
                e -> e.userId, Types.STRING);
    }

    @Test
    void userLearnerKeepsOneVectorPerUserAndMessagesItemOwners() throws Exception {
        try (var h = userHarness()) {
            h.open();
            long t = 1_700_000_000_000L;
            for (int i = 0; i < 40; i++) {
                h.processElement(new StreamRecord<>(Event.of("u" + (i % 4), "i" + (i % 7), EventType.VIEW, t + i), t + i));
            }
            h.processElement(new StreamRecord<>(Event.of("u0", "i3", EventType.IMPRESSION, t + 100), t + 100));
            List<VectorUpdate> out = h.extractOutputValues();
            assertThat(out).hasSize(41);
            assertThat(h.numKeyedStateEntries()).isEqualTo(4);
            for (VectorUpdate u : out) {
                assertThat(u.vec).hasSize(9).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
                assertThat(u.vec[8]).isEqualTo(1f);
            }
            VectorUpdate last = out.get(out.size() - 1);
            assertThat(last.id).isEqualTo("u0");
            assertThat(last.version).isEqualTo(11);
            var grads = h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS);
            assertThat(grads).isNotEmpty();
            assertThat(grads.stream().map(StreamRecord::getValue)).allSatisfy(g -> {
                assertThat(g.vector).hasSize(g.context ? 8 : 9);
                assertThat(Float.isFinite(g.coef)).isTrue();
            });
        }
    }

    @Test
    void negativeSamplerSurvivesACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        long t = 1_700_000_000_000L;
        try (var h = userHarness()) {
            h.open();
            for (int i = 0; i < 30; i++) {
                h.processElement(new StreamRecord<>(Event.of("u" + i, "i" + (i % 5), EventType.PURCHASE, t + i), t + i));
            }
            snapshot = h.snapshot(1, t + 100);
        }
        try (var h = userHarness()) {
            h.initializeState(snapshot);
            h.open();
            // a known user after restore: state is back (version 2 after this event) and negatives are sampled at once
            h.processElement(new StreamRecord<>(Event.of("u1", "i0", EventType.VIEW, t + 200), t + 200));
            assertThat(h.extractOutputValues()).singleElement().satisfies(u -> assertThat(u.version).isEqualTo(2));
            var grads = h.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS).stream().map(StreamRecord::getValue).toList();
            List<ItemGradient> targets = grads.stream().filter(g -> !g.context).toList();
            // five items were bought before the checkpoint; the event's own is never its negative
            assertThat(targets).hasSize(1 + Math.min(settings.model().negatives(), 4));
            assertThat(targets.subList(1, targets.size())).noneMatch(g -> g.itemId.equals("i0"));
        }
    }

    @Test
    void itemLearnerCreatesUpdatesAndVersionsItemVectors() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, ItemGradient, VectorUpdate>(
                new KeyedProcessOperator<>(new ItemLearnerFunction(settings)), g -> g.itemId, Types.STRING)) {
            h.open();
            float[] u = {0.1f, 0.2f, 0, 0, 0, 0, 0, 0.3f, 1};
            h.processElement(new StreamRecord<>(new ItemGradient("sofa", "living", -0.5f, u, 1), 1));
            h.processElement(new StreamRecord<>(new ItemGradient("sofa", null, -0.5f, u, 2), 2));
            h.processElement(new StreamRecord<>(new ItemGradient("lamp", "living", 0.2f, u, 3), 3));
            float[] poisoned = u.clone();
            poisoned[0] = Float.NaN;
            h.processElement(new StreamRecord<>(new ItemGradient("lamp", null, 0.2f, poisoned, 4), 4));
            List<VectorUpdate> out = h.extractOutputValues();
            assertThat(out).extracting(o -> o.id + "@" + o.version).containsExactly("sofa@1", "sofa@2", "lamp@1");
            assertThat(out.get(1).vec[8]).isGreaterThan(out.get(0).vec[8]); // negative coef raises the bias
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }
}

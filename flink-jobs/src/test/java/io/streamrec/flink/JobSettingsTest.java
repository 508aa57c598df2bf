package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.learn.LearnerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder names every setting, keeps what it is given and defaults only the optional models. */
class JobSettingsTest {
    static final RedisSettings REDIS = new RedisSettings("redis://127.0.0.1:1", 200, 1, 100, "settings-test");

    static JobSettings.Builder required() {
        StreamrecConfig c = StreamrecConfig.defaults();
        return JobSettings.builder()
                .kafka("k:9092", "events", "events.dlq", "group")
                .redis(REDIS)
                .checkpoints(500, "/tmp/ckpt")
                .learner(LearnerSettings.from(c, REDIS))
                .interest(InterestSettings.from(c, REDIS));
    }

    @Test
    void fromTheConfigurationTakesItsValuesAndSurvivesARoundTripThroughTheBuilder() {
        StreamrecConfig c = StreamrecConfig.load(null, Map.of(),
                Map.of("flink.state-backend", "hashmap", "experiment.click-window-minutes", "7"));
        JobSettings s = JobSettings.from(c);
        assertThat(s.stateBackend()).isEqualTo("hashmap");
        assertThat(s.attribution().clickWindowMs()).isEqualTo(7 * 60_000L);
        assertThat(s.recentTtlSeconds()).isEqualTo(c.getInt(StreamrecConfig.RECENT_TTL_DAYS) * 86_400L);
        assertThat(s.toBuilder().build()).isEqualTo(s);
        JobSettings other = s.toBuilder().eventsTopic("other").build();
        assertThat(other.eventsTopic()).isEqualTo("other");
        assertThat(other.toBuilder().eventsTopic(s.eventsTopic()).build()).as("nothing else changed").isEqualTo(s);
    }

    @Test
    void theOptionalModelsDefaultAndTheGroupsLandInTheirFields() {
        JobSettings s = required().parallelism(3, 64).watermarks(1000, 5).sink(100, 20).recent(168, 50, 3600)
                .webPort(8081).changeFeedMaxLen(10).trending(1d, 2d).build();
        assertThat(s.stateBackend()).isEqualTo("rocksdb");
        assertThat(s.kafkaSecurity()).isEqualTo(KafkaClientSecurity.PLAINTEXT);
        assertThat(s.rebuy()).usingRecursiveComparison().isEqualTo(Repurchase.defaults());
        assertThat(s.attribution()).isEqualTo(JobSettings.DEFAULT_ATTRIBUTION);
        assertThat(s.cooccurrence()).isEqualTo(CoOccurrence.Settings.defaults());
        assertThat(new long[] {s.parallelism(), s.maxParallelism(), s.outOfOrdernessMs(), s.idlenessMs(),
                s.sinkBatchSize(), s.sinkFlushIntervalMs(), s.recentMaxItems(), s.recentTtlSeconds(), s.webPort(),
                s.changeFeedMaxLen(), s.checkpointIntervalMs()})
                .containsExactly(3, 64, 1000, 5, 100, 20, 50, 3600, 8081, 10, 500);
        assertThat(s.recentHalfLifeHours()).isEqualTo(168);
        assertThat(s.trendingShortHalfLifeMillis()).isEqualTo(1d);
        assertThat(s.trendingLongHalfLifeMillis()).isEqualTo(2d);
        assertThat(s.eventsTopic()).isEqualTo("events");
        assertThat(s.dlqTopic()).isEqualTo("events.dlq");
        assertThat(s.checkpointDir()).isEqualTo("/tmp/ckpt");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> required().learner(null).build()).hasMessage("learner");
        assertThatThrownBy(() -> JobSettings.builder().build()).hasMessage("kafka bootstrap");
    }
}

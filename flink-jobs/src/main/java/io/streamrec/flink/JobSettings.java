package io.streamrec.flink;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.experiment.Attribution;
import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.learn.LearnerSettings;
import java.io.Serializable;

/** The job's settings, taken from {@link StreamrecConfig} once at start-up. */
public record JobSettings(
        String kafkaBootstrap,
        String eventsTopic,
        String dlqTopic,
        String consumerGroup,
        RedisSettings redis,
        int parallelism,
        long checkpointIntervalMs,
        String checkpointDir,
        long outOfOrdernessMs,
        long idlenessMs,
        int sinkBatchSize,
        long sinkFlushIntervalMs,
        double recentHalfLifeHours,
        int recentMaxItems,
        long recentTtlSeconds,
        int webPort,
        LearnerSettings learner,
        long changeFeedMaxLen,
        double trendingShortHalfLifeMillis,
        double trendingLongHalfLifeMillis,
        InterestSettings interest,
        int maxParallelism,
        String stateBackend,
        KafkaClientSecurity kafkaSecurity,
        Repurchase rebuy,
        Attribution attribution,
        CoOccurrence.Settings cooccurrence) implements Serializable {

    /** With the default co-occurrence model ({@code model.cooc.*}). */
    public JobSettings(String kafkaBootstrap, String eventsTopic, String dlqTopic, String consumerGroup, RedisSettings redis,
                       int parallelism, long checkpointIntervalMs, String checkpointDir, long outOfOrdernessMs,
                       long idlenessMs, int sinkBatchSize, long sinkFlushIntervalMs, double recentHalfLifeHours,
                       int recentMaxItems, long recentTtlSeconds, int webPort, LearnerSettings learner,
                       long changeFeedMaxLen, double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis,
                       InterestSettings interest, int maxParallelism, String stateBackend,
                       KafkaClientSecurity kafkaSecurity, Repurchase rebuy, Attribution attribution) {
        this(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism, checkpointIntervalMs, checkpointDir,
                outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs, recentHalfLifeHours, recentMaxItems,
                recentTtlSeconds, webPort, learner, changeFeedMaxLen, trendingShortHalfLifeMillis,
                trendingLongHalfLifeMillis, interest, maxParallelism, stateBackend, kafkaSecurity, rebuy, attribution,
                CoOccurrence.Settings.defaults());
    }

    /** Experiments' attribution windows when the configuration does not set them: 1 h clicks, 24 h conversions. */
    public static final Attribution DEFAULT_ATTRIBUTION = new Attribution(3_600_000L, 86_400_000L, 200);

    /** With the default re-purchase model and attribution windows. */
    public JobSettings(String kafkaBootstrap, String eventsTopic, String dlqTopic, String consumerGroup, RedisSettings redis,
                       int parallelism, long checkpointIntervalMs, String checkpointDir, long outOfOrdernessMs,
                       long idlenessMs, int sinkBatchSize, long sinkFlushIntervalMs, double recentHalfLifeHours,
                       int recentMaxItems, long recentTtlSeconds, int webPort, LearnerSettings learner,
                       long changeFeedMaxLen, double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis,
                       InterestSettings interest, int maxParallelism, String stateBackend,
                       KafkaClientSecurity kafkaSecurity) {
        this(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism, checkpointIntervalMs, checkpointDir,
                outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs, recentHalfLifeHours, recentMaxItems,
                recentTtlSeconds, webPort, learner, changeFeedMaxLen, trendingShortHalfLifeMillis,
                trendingLongHalfLifeMillis, interest, maxParallelism, stateBackend, kafkaSecurity, Repurchase.defaults(),
                DEFAULT_ATTRIBUTION);
    }

    /** Plain TCP to Kafka. */
    public JobSettings(String kafkaBootstrap, String eventsTopic, String dlqTopic, String consumerGroup, RedisSettings redis,
                       int parallelism, long checkpointIntervalMs, String checkpointDir, long outOfOrdernessMs,
                       long idlenessMs, int sinkBatchSize, long sinkFlushIntervalMs, double recentHalfLifeHours,
                       int recentMaxItems, long recentTtlSeconds, int webPort, LearnerSettings learner,
                       long changeFeedMaxLen, double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis,
                       InterestSettings interest, int maxParallelism, String stateBackend) {
        this(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism, checkpointIntervalMs, checkpointDir,
                outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs, recentHalfLifeHours, recentMaxItems,
                recentTtlSeconds, webPort, learner, changeFeedMaxLen, trendingShortHalfLifeMillis,
                trendingLongHalfLifeMillis, interest, maxParallelism, stateBackend, KafkaClientSecurity.PLAINTEXT);
    }

    /** The same settings reaching Kafka as {@code security} says. */
    public JobSettings withKafkaSecurity(KafkaClientSecurity security) {
        return new JobSettings(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism,
                checkpointIntervalMs, checkpointDir, outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs,
                recentHalfLifeHours, recentMaxItems, recentTtlSeconds, webPort, learner, changeFeedMaxLen,
                trendingShortHalfLifeMillis, trendingLongHalfLifeMillis, interest, maxParallelism, stateBackend, security,
                rebuy, attribution, cooccurrence);
    }

    /** With the RocksDB state backend. */
    public JobSettings(String kafkaBootstrap, String eventsTopic, String dlqTopic, String consumerGroup, RedisSettings redis,
                       int parallelism, long checkpointIntervalMs, String checkpointDir, long outOfOrdernessMs,
                       long idlenessMs, int sinkBatchSize, long sinkFlushIntervalMs, double recentHalfLifeHours,
                       int recentMaxItems, long recentTtlSeconds, int webPort, LearnerSettings learner,
                       long changeFeedMaxLen, double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis,
                       InterestSettings interest, int maxParallelism) {
        this(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism, checkpointIntervalMs, checkpointDir,
                outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs, recentHalfLifeHours, recentMaxItems,
                recentTtlSeconds, webPort, learner, changeFeedMaxLen, trendingShortHalfLifeMillis,
                trendingLongHalfLifeMillis, interest, maxParallelism, "rocksdb");
    }

    public static JobSettings from(StreamrecConfig c) {
        return new JobSettings(
                c.getString(StreamrecConfig.KAFKA_BOOTSTRAP),
                c.getString(StreamrecConfig.KAFKA_TOPIC_EVENTS),
                c.getString(StreamrecConfig.KAFKA_TOPIC_DLQ),
                c.getString(StreamrecConfig.KAFKA_CONSUMER_GROUP),
                RedisSettings.from(c, "streamrec-flink"),
                c.getInt(StreamrecConfig.FLINK_PARALLELISM),
                c.getLong(StreamrecConfig.FLINK_CHECKPOINT_INTERVAL_MS),
                c.getString(StreamrecConfig.FLINK_CHECKPOINT_DIR),
                c.getLong(StreamrecConfig.FLINK_OUT_OF_ORDERNESS_MS),
                c.getLong(StreamrecConfig.FLINK_IDLENESS_MS),
                c.getInt(StreamrecConfig.SINK_REDIS_BATCH_SIZE),
                c.getInt(StreamrecConfig.SINK_REDIS_FLUSH_INTERVAL_MS),
                c.getDouble(StreamrecConfig.RECENT_HALF_LIFE_HOURS),
                c.getInt(StreamrecConfig.RECENT_MAX_ITEMS),
                c.getInt(StreamrecConfig.RECENT_TTL_DAYS) * 86_400L,
                c.getInt(StreamrecConfig.FLINK_WEB_PORT),
                LearnerSettings.from(c, RedisSettings.from(c, "streamrec-flink-learner")),
                c.getInt(StreamrecConfig.REDIS_CHANGE_FEED_MAX_LEN),
                c.getDouble(StreamrecConfig.TRENDING_SHORT_HALF_LIFE_MINUTES) * 60_000,
                c.getDouble(StreamrecConfig.TRENDING_LONG_HALF_LIFE_MINUTES) * 60_000,
                InterestSettings.from(c, RedisSettings.from(c, "streamrec-flink-catalogue")),
                c.getInt(StreamrecConfig.FLINK_MAX_PARALLELISM),
                c.getString(StreamrecConfig.FLINK_STATE_BACKEND),
                KafkaClientSecurity.from(c),
                Repurchase.from(c),
                new Attribution(c.getLong(StreamrecConfig.EXPERIMENT_CLICK_WINDOW_MINUTES) * 60_000L,
                        c.getLong(StreamrecConfig.EXPERIMENT_CONVERSION_WINDOW_HOURS) * 3_600_000L,
                        c.getInt(StreamrecConfig.EXPERIMENT_MAX_IMPRESSIONS)),
                CoOccurrence.Settings.from(c));
    }
}

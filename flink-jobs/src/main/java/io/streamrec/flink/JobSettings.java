package io.streamrec.flink;

import io.streamrec.flink.blend.BlendSettings;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.experiment.Attribution;
import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.learn.LearnerSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * The job's settings, taken from {@link StreamrecConfig} once at start-up ({@link #from}); tests name the
 * ones they set through a {@link #builder()}.
 */
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
        long trendingPublishIntervalMs,
        InterestSettings interest,
        int maxParallelism,
        String stateBackend,
        KafkaClientSecurity kafkaSecurity,
        Repurchase rebuy,
        Attribution attribution,
        CoOccurrence.Settings cooccurrence,
        BlendSettings blend) implements Serializable {

    /** Experiments' attribution windows when the configuration does not set them: 1 h clicks, 24 h conversions. */
    public static final Attribution DEFAULT_ATTRIBUTION = new Attribution(3_600_000L, 86_400_000L, 200);

    public static JobSettings from(StreamrecConfig c) {
        return builder()
                .kafka(c.getString(StreamrecConfig.KAFKA_BOOTSTRAP), c.getString(StreamrecConfig.KAFKA_TOPIC_EVENTS),
                        c.getString(StreamrecConfig.KAFKA_TOPIC_DLQ), c.getString(StreamrecConfig.KAFKA_CONSUMER_GROUP))
                .redis(RedisSettings.from(c, "streamrec-flink"))
                .parallelism(c.getInt(StreamrecConfig.FLINK_PARALLELISM), c.getInt(StreamrecConfig.FLINK_MAX_PARALLELISM))
                .checkpoints(c.getLong(StreamrecConfig.FLINK_CHECKPOINT_INTERVAL_MS),
                        c.getString(StreamrecConfig.FLINK_CHECKPOINT_DIR))
                .watermarks(c.getLong(StreamrecConfig.FLINK_OUT_OF_ORDERNESS_MS), c.getLong(StreamrecConfig.FLINK_IDLENESS_MS))
                .sink(c.getInt(StreamrecConfig.SINK_REDIS_BATCH_SIZE), c.getInt(StreamrecConfig.SINK_REDIS_FLUSH_INTERVAL_MS))
                .recent(c.getDouble(StreamrecConfig.RECENT_HALF_LIFE_HOURS), c.getInt(StreamrecConfig.RECENT_MAX_ITEMS),
                        c.getInt(StreamrecConfig.RECENT_TTL_DAYS) * 86_400L)
                .webPort(c.getInt(StreamrecConfig.FLINK_WEB_PORT))
                .learner(LearnerSettings.from(c, RedisSettings.from(c, "streamrec-flink-learner")))
                .changeFeedMaxLen(c.getInt(StreamrecConfig.REDIS_CHANGE_FEED_MAX_LEN))
                .trending(c.getDouble(StreamrecConfig.TRENDING_SHORT_HALF_LIFE_MINUTES) * 60_000,
                        c.getDouble(StreamrecConfig.TRENDING_LONG_HALF_LIFE_MINUTES) * 60_000,
                        c.getInt(StreamrecConfig.TRENDING_PUBLISH_INTERVAL_MS))
                .interest(InterestSettings.from(c, RedisSettings.from(c, "streamrec-flink-catalogue")))
                .stateBackend(c.getString(StreamrecConfig.FLINK_STATE_BACKEND))
                .kafkaSecurity(KafkaClientSecurity.from(c))
                .rebuy(Repurchase.from(c))
                .attribution(new Attribution(c.getLong(StreamrecConfig.EXPERIMENT_CLICK_WINDOW_MINUTES) * 60_000L,
                        c.getLong(StreamrecConfig.EXPERIMENT_CONVERSION_WINDOW_HOURS) * 3_600_000L,
                        c.getInt(StreamrecConfig.EXPERIMENT_MAX_IMPRESSIONS)))
                .cooccurrence(CoOccurrence.Settings.from(c))
                .blend(BlendSettings.from(c))
                .build();
    }

    /**
     * Settings named one group at a time. Kafka, Redis, the checkpoint directory, the learner and the interest
     * settings must be given; the rest start as zero, except the RocksDB state backend, plain TCP to Kafka,
     * the default re-purchase model, {@link #DEFAULT_ATTRIBUTION}, the default co-occurrence model and blend
     * learning.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return builder()
                .kafka(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup)
                .redis(redis)
                .parallelism(parallelism, maxParallelism)
                .checkpoints(checkpointIntervalMs, checkpointDir)
                .watermarks(outOfOrdernessMs, idlenessMs)
                .sink(sinkBatchSize, sinkFlushIntervalMs)
                .recent(recentHalfLifeHours, recentMaxItems, recentTtlSeconds)
                .webPort(webPort)
                .learner(learner)
                .changeFeedMaxLen(changeFeedMaxLen)
                .trending(trendingShortHalfLifeMillis, trendingLongHalfLifeMillis, trendingPublishIntervalMs)
                .interest(interest)
                .stateBackend(stateBackend)
                .kafkaSecurity(kafkaSecurity)
                .rebuy(rebuy)
                .attribution(attribution)
                .cooccurrence(cooccurrence)
                .blend(blend);
    }

    /** See {@link #builder()}. */
    public static final class Builder {
        private String kafkaBootstrap;
        private String eventsTopic;
        private String dlqTopic;
        private String consumerGroup;
        private RedisSettings redis;
        private int parallelism;
        private int maxParallelism;
        private long checkpointIntervalMs;
        private String checkpointDir;
        private long outOfOrdernessMs;
        private long idlenessMs;
        private int sinkBatchSize;
        private long sinkFlushIntervalMs;
        private double recentHalfLifeHours;
        private int recentMaxItems;
        private long recentTtlSeconds;
        private int webPort;
        private LearnerSettings learner;
        private long changeFeedMaxLen;
        private double trendingShortHalfLifeMillis;
        private double trendingLongHalfLifeMillis;
        private long trendingPublishIntervalMs = Long.parseLong(StreamrecConfig.TRENDING_PUBLISH_INTERVAL_MS.defaultValue());
        private InterestSettings interest;
        private String stateBackend = "rocksdb";
        private KafkaClientSecurity kafkaSecurity = KafkaClientSecurity.PLAINTEXT;
        private Repurchase rebuy = Repurchase.defaults();
        private Attribution attribution = DEFAULT_ATTRIBUTION;
        private CoOccurrence.Settings cooccurrence = CoOccurrence.Settings.defaults();
        private BlendSettings blend = BlendSettings.defaults();

        private Builder() {}

        /** Where events come from and dead letters go, and the consumer group reading them. */
        public Builder kafka(String bootstrap, String eventsTopic, String dlqTopic, String consumerGroup) {
            this.kafkaBootstrap = bootstrap;
            this.eventsTopic = eventsTopic;
            this.dlqTopic = dlqTopic;
            this.consumerGroup = consumerGroup;
            return this;
        }

        /** Only the events topic. */
        public Builder eventsTopic(String topic) {
            this.eventsTopic = topic;
            return this;
        }

        /** The Redis the sinks write to. */
        public Builder redis(RedisSettings redis) {
            this.redis = redis;
            return this;
        }

        public Builder parallelism(int parallelism, int maxParallelism) {
            this.parallelism = parallelism;
            this.maxParallelism = maxParallelism;
            return this;
        }

        public Builder checkpoints(long intervalMs, String dir) {
            this.checkpointIntervalMs = intervalMs;
            this.checkpointDir = dir;
            return this;
        }

        public Builder watermarks(long outOfOrdernessMs, long idlenessMs) {
            this.outOfOrdernessMs = outOfOrdernessMs;
            this.idlenessMs = idlenessMs;
            return this;
        }

        /** The Redis sinks' batches: at most {@code batchSize} writes, flushed every {@code flushIntervalMs}. */
        public Builder sink(int batchSize, long flushIntervalMs) {
            this.sinkBatchSize = batchSize;
            this.sinkFlushIntervalMs = flushIntervalMs;
            return this;
        }

        /** The recent-items lists: their decay, length and time to live. */
        public Builder recent(double halfLifeHours, int maxItems, long ttlSeconds) {
            this.recentHalfLifeHours = halfLifeHours;
            this.recentMaxItems = maxItems;
            this.recentTtlSeconds = ttlSeconds;
            return this;
        }

        /** The Flink web UI's port (0: any free one). */
        public Builder webPort(int port) {
            this.webPort = port;
            return this;
        }

        public Builder learner(LearnerSettings learner) {
            this.learner = learner;
            return this;
        }

        public Builder changeFeedMaxLen(long maxLen) {
            this.changeFeedMaxLen = maxLen;
            return this;
        }

        /** The half-lives of the short and the long trending counts. */
        public Builder trending(double shortHalfLifeMillis, double longHalfLifeMillis) {
            this.trendingShortHalfLifeMillis = shortHalfLifeMillis;
            this.trendingLongHalfLifeMillis = longHalfLifeMillis;
            return this;
        }

        /** ... and how often the scores of the items that changed are written ({@code trending.publish-interval-ms}). */
        public Builder trending(double shortHalfLifeMillis, double longHalfLifeMillis, long publishIntervalMs) {
            this.trendingPublishIntervalMs = publishIntervalMs;
            return trending(shortHalfLifeMillis, longHalfLifeMillis);
        }

        public Builder interest(InterestSettings interest) {
            this.interest = interest;
            return this;
        }

        /** {@code rocksdb} or {@code hashmap}. */
        public Builder stateBackend(String backend) {
            this.stateBackend = backend;
            return this;
        }

        public Builder kafkaSecurity(KafkaClientSecurity security) {
            this.kafkaSecurity = security;
            return this;
        }

        public Builder rebuy(Repurchase rebuy) {
            this.rebuy = rebuy;
            return this;
        }

        public Builder attribution(Attribution attribution) {
            this.attribution = attribution;
            return this;
        }

        public Builder cooccurrence(CoOccurrence.Settings cooccurrence) {
            this.cooccurrence = cooccurrence;
            return this;
        }

        /** How the blend's weights are learned from served lists. */
        public Builder blend(BlendSettings blend) {
            this.blend = blend;
            return this;
        }

        /** The settings; fails naming the first required one that was not given. */
        public JobSettings build() {
            Objects.requireNonNull(kafkaBootstrap, "kafka bootstrap");
            Objects.requireNonNull(eventsTopic, "events topic");
            Objects.requireNonNull(dlqTopic, "dead-letter topic");
            Objects.requireNonNull(consumerGroup, "consumer group");
            Objects.requireNonNull(redis, "redis");
            Objects.requireNonNull(checkpointDir, "checkpoint directory");
            Objects.requireNonNull(learner, "learner");
            Objects.requireNonNull(interest, "interest");
            return new JobSettings(kafkaBootstrap, eventsTopic, dlqTopic, consumerGroup, redis, parallelism,
                    checkpointIntervalMs, checkpointDir, outOfOrdernessMs, idlenessMs, sinkBatchSize, sinkFlushIntervalMs,
                    recentHalfLifeHours, recentMaxItems, recentTtlSeconds, webPort, learner, changeFeedMaxLen,
                    trendingShortHalfLifeMillis, trendingLongHalfLifeMillis, trendingPublishIntervalMs, interest, maxParallelism, stateBackend,
                    kafkaSecurity, rebuy, attribution, cooccurrence, blend);
        }
    }
}

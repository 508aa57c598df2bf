package io.streamrec.flink;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.interest.ArmFeedback;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.util.ParentWatchdog;
import io.streamrec.flink.blend.BlendFeedbackFunction;
import io.streamrec.flink.blend.BlendLearnerFunction;
import io.streamrec.flink.blend.BlendWeightsUpdate;
import io.streamrec.flink.experiment.AttributionFunction;
import io.streamrec.flink.experiment.ExperimentCountsFunction;
import io.streamrec.flink.experiment.VariantTotals;
import io.streamrec.flink.sink.ExperimentCountsMutation;
import io.streamrec.flink.explore.ArmFeedbackFunction;
import io.streamrec.flink.explore.ArmUpdate;
import io.streamrec.flink.ingest.CategoryEnricher;
import io.streamrec.flink.ingest.DeadLetter;
import io.streamrec.flink.ingest.DeadLetterSerializer;
import io.streamrec.flink.ingest.ParseEventsFunction;
import io.streamrec.flink.ingest.RawEvent;
import io.streamrec.flink.ingest.RawEventDeserializer;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.interest.RecentItems;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.flink.cooc.CooccurrenceFunction;
import io.streamrec.flink.cooc.ItemNeighbours;
import io.streamrec.flink.interest.UserRepurchase;
import io.streamrec.flink.learn.ItemLearnerFunction;
import io.streamrec.flink.learn.ItemLearnerOperator;
import io.streamrec.flink.state.WriteBehindOperator;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserLearnerOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import io.streamrec.flink.learn.VectorUpdate;
import io.streamrec.flink.sink.ArmMutation;
import io.streamrec.flink.sink.BlendWeightsMutation;
import io.streamrec.flink.sink.RecentItemsMutation;
import io.streamrec.flink.sink.RedisSink;
import io.streamrec.flink.sink.CooccurrenceMutation;
import io.streamrec.flink.sink.RepurchaseMutation;
import io.streamrec.flink.sink.TrendingMutation;
import io.streamrec.flink.sink.VectorMutations;
import io.streamrec.flink.trend.ItemTrend;
import io.streamrec.flink.trend.TrendingFunction;
import io.streamrec.flink.wire.EventSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streamrec learning job. It takes its source and sinks in the constructor (flink-training
 * style) so tests can run the same pipeline on other sources; {@link #main} only wires Kafka and Redis.
 *
 * <pre>
 * kafka-events ─▶ parse-events ─┬─▶ category-from-catalogue ─▶ event-time ─┐
 *                               └─▶ (invalid) ─▶ dead-letter-sink           │
 *   ┌───────────────────────────────────────────────────────────────────────┘
 *   ├─▶ keyBy(user) ─▶ by-user ═╦═▶ user-learner ─┬─▶ user-vector-sink
 *   │                           ║                 ├─▶ (recent items) ─▶ recent-items-sink
 *   │                           ║                 ├─▶ (buy again) ─▶ buy-again-sink
 *   │                           ║                 ├─▶ (item gradients, summed per bundle) ─▶ keyBy(item)
 *   │                           ║                 │        ─▶ item-learner ─▶ item-vector-sink
 *   │                           ║                 └─▶ (pair counts, grouped per item and bundle) ─▶ keyBy(item)
 *   │                           ║                          ─▶ cooccurrence ─▶ cooccurrence-sink
 *   │                           ╚─▶ blend-feedback ◀─ keyBy(user) ◀─ (served lists, from parse-events)
 *   │                                  ─▶ keyBy(constant) ─▶ blend-learner ─▶ blend-weights-sink
 *   ├─▶ user-actions ─┬─▶ keyBy(item) ─▶ trending ─▶ trending-sink
 *   │                 └─▶ exploration-feedback-events ─▶ keyBy(category) ─▶ explore-feedback
 *   │                          ─▶ explore-feedback-sink
 *   └─▶ experiment-events ─▶ keyBy(user) ─▶ experiment-attribution ─▶ keyBy(experiment)
 *            ─▶ experiment-counts ─▶ experiment-counts-sink
 * ═▶ chained: the events are shuffled by user once and passed by reference to user-learner, which keeps
 * everything of a user in one keyed value ({@link io.streamrec.flink.learn.UserProfile}), and to
 * blend-feedback (with two inputs, it reads them over a forward edge).
 * </pre>
 * The user learner reads item vectors from a bounded cache fed by the item vectors the item learner
 * published to Redis (change feed), so there is no cycle in the graph; docs/model.md describes the
 * staleness this implies. It also reads the items' text embeddings from Redis now and then, to start new
 * items from their text neighbours (no operator of its own). The two learners, trending and cooccurrence
 * run in {@link WriteBehindOperator}s: their hot keys' state on the heap, written back before every
 * checkpoint barrier.
 */
public final class StreamrecJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamrecJob.class);
    public static final String JOB_NAME = "streamrec-learner";
    /** Operator uids of the learners: their state is what a warm-start savepoint holds. */
    public static final String USER_LEARNER_UID = "user-learner";
    public static final String ITEM_LEARNER_UID = "item-learner";

    /** Where the job's results go. */
    public record Sinks(Sink<UserRecentItems> recentItems, Sink<VectorUpdate> userVectors,
                        Sink<VectorUpdate> itemVectors, Sink<ItemTrend> trending, Sink<ArmUpdate> exploreArms,
                        Sink<VariantTotals> experimentCounts, Sink<DeadLetter> deadLetters,
                        Sink<UserRepurchase> buyAgain, Sink<ItemNeighbours> cooccurrence,
                        Sink<BlendWeightsUpdate> blendWeights) {}

    private final Source<RawEvent, ?, ?> source;
    private final Sinks sinks;
    private final JobSettings settings;

    public StreamrecJob(Source<RawEvent, ?, ?> source, Sinks sinks, JobSettings settings) {
        this.source = source;
        this.sinks = sinks;
        this.settings = settings;
    }

    /**
     * Adds the pipeline to {@code env}, with what belongs to the job itself: its maximum parallelism
     * (the key groups of its state, fixed for the life of a savepoint), object reuse (no operator keeps
     * or mutates a record it received) and no generic (Kryo) types. Everything else is the cluster's.
     */
    public void build(StreamExecutionEnvironment env) {
        env.setMaxParallelism(settings.maxParallelism());
        Configuration semantics = new Configuration();
        semantics.setString("pipeline.generic-types", "false");
        semantics.setString("pipeline.object-reuse", "true");
        env.configure(semantics);

        DataStream<RawEvent> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-events")
                .uid("kafka-events");

        SingleOutputStreamOperator<Event> events = raw
                .process(new ParseEventsFunction()).returns(EventSerializer.TYPE)
                .name("parse-events").uid("parse-events");

        events.getSideOutput(ParseEventsFunction.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .name("dead-letter-sink").uid("dead-letter-sink");

        WatermarkStrategy<Event> watermarks = WatermarkStrategy
                .<Event>forBoundedOutOfOrderness(Duration.ofMillis(settings.outOfOrdernessMs()))
                .withTimestampAssigner((e, previous) -> e.ts);
        if (settings.idlenessMs() > 0) {
            watermarks = watermarks.withIdleness(Duration.ofMillis(settings.idlenessMs()));
        }

        InterestSettings interest = settings.interest();
        RecentItems model = new RecentItems(ForwardDecay.ofHours(settings.recentHalfLifeHours()),
                EventWeights.defaults(), settings.recentMaxItems(), new CategoryInterests(interest.shortHalfLifeMillis(),
                interest.longHalfLifeMillis(), interest.maxCategories()), settings.rebuy());

        DataStream<Event> timed = events
                .map(new CategoryEnricher(interest)).returns(EventSerializer.TYPE)
                .name("category-from-catalogue").uid("category-from-catalogue")
                .assignTimestampsAndWatermarks(watermarks)
                .name("event-time").uid("event-time");

        // the per-user operators read one partitioning of the events: a single shuffle by user, then each
        // operator chained behind it (same task, the event passed by reference), each with its own state
        KeyedStream<Event, String> byUser = DataStreamUtils.reinterpretAsKeyedStream(
                timed.keyBy(e -> e.userId)
                        .map(e -> e).returns(EventSerializer.TYPE)
                        .name("by-user").uid("by-user"),
                e -> e.userId, Types.STRING);

        // control records (forget_user tombstones) concern users only: the per-user operators handle them
        DataStream<Event> actions = timed.filter(e -> !e.type.isControl())
                .name("user-actions").uid("user-actions");

        actions.keyBy(e -> e.itemId)
                .transform("trending", TypeInformation.of(ItemTrend.class), new WriteBehindOperator<>(
                        new TrendingFunction(EventWeights.defaults(), settings.trendingShortHalfLifeMillis(),
                                settings.trendingLongHalfLifeMillis(), settings.learner().stateCache(),
                                settings.learner().itemStateWaiting(), settings.trendingPublishIntervalMs())))
                .uid("trending")
                .sinkTo(sinks.trending())
                .name("trending-sink").uid("trending-sink");

        actions.filter(ArmFeedback::isFeedback)
                .name("exploration-feedback-events").uid("exploration-feedback-events")
                .keyBy(e -> e.category)
                .transform("explore-feedback", TypeInformation.of(ArmUpdate.class), new WriteBehindOperator<>(
                        new ArmFeedbackFunction(new ArmFeedback(interest.exploreHalfLifeMillis()),
                                settings.learner().stateCache(), settings.learner().stateCacheWaiting())))
                .uid("explore-feedback")
                .sinkTo(sinks.exploreArms())
                .name("explore-feedback-sink").uid("explore-feedback-sink");

        // experiments: only events that carry a recId (and tombstones) take this path
        timed.filter(AttributionFunction::concerns)
                .name("experiment-events").uid("experiment-events")
                .keyBy(e -> e.userId)
                .process(new AttributionFunction(settings.attribution()))
                .name("experiment-attribution").uid("experiment-attribution")
                .keyBy(d -> d.experiment)
                .process(new ExperimentCountsFunction())
                .name("experiment-counts").uid("experiment-counts")
                .sinkTo(sinks.experimentCounts())
                .name("experiment-counts-sink").uid("experiment-counts-sink");

        // everything per user in one operator and one keyed value: the vector, recent items and interests,
        // the re-purchase cycles of buy again, the open basket of co-occurrence
        CoOccurrence cooccurrence = new CoOccurrence(settings.cooccurrence());
        SingleOutputStreamOperator<VectorUpdate> users = byUser
                .transform("user-learner", TypeInformation.of(VectorUpdate.class),
                        new UserLearnerOperator(new UserLearnerFunction(settings.learner(), model,
                                settings.recentTtlSeconds(), cooccurrence)))
                .uid(USER_LEARNER_UID);
        users.sinkTo(sinks.userVectors())
                .name("user-vector-sink").uid("user-vector-sink");
        users.getSideOutput(UserLearnerFunction.RECENT_ITEMS)
                .sinkTo(sinks.recentItems())
                .name("recent-items-sink").uid("redis-sink");
        users.getSideOutput(UserLearnerFunction.BUY_AGAIN)
                .sinkTo(sinks.buyAgain())
                .name("buy-again-sink").uid("buy-again-sink");

        users.getSideOutput(UserLearnerFunction.ITEM_GRADIENTS)
                .keyBy(g -> g.itemId)
                .transform("item-learner", TypeInformation.of(VectorUpdate.class),
                        new ItemLearnerOperator(new ItemLearnerFunction(settings.learner())))
                .uid(ITEM_LEARNER_UID)
                .sinkTo(sinks.itemVectors())
                .name("item-vector-sink").uid("item-vector-sink");

        // co-occurrence ("bought together"): baskets per user make the counts, per item they are kept and published
        users.getSideOutput(UserLearnerFunction.PAIR_COUNTS)
                .keyBy(u -> u.itemId)
                .transform("cooccurrence", TypeInformation.of(ItemNeighbours.class), new WriteBehindOperator<>(
                        new CooccurrenceFunction(cooccurrence, settings.learner().stateCache(),
                                settings.learner().itemStateWaiting())))
                .uid("cooccurrence")
                .sinkTo(sinks.cooccurrence())
                .name("cooccurrence-sink").uid("cooccurrence-sink");

        // the blend's weights: the lists the API served, joined per user with what the user took next
        byUser
                .connect(events.getSideOutput(ParseEventsFunction.SERVED_LISTS).keyBy(l -> l.userId))
                .process(new BlendFeedbackFunction(EventWeights.defaults(), settings.blend().feedbackWindowMillis()))
                .name("blend-feedback").uid("blend-feedback")
                .keyBy(o -> BlendLearnerFunction.KEY)
                .process(new BlendLearnerFunction(settings.blend().publishIntervalMillis()))
                .name("blend-learner").uid("blend-learner")
                .sinkTo(sinks.blendWeights())
                .name("blend-weights-sink").uid("blend-weights-sink");
    }

    /** Builds and runs the job, blocking until it ends (it does not, on an unbounded source). */
    public void execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        env.execute(JOB_NAME);
    }

    /** Builds and submits the job without waiting for it. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(JOB_NAME);
    }

    /**
     * The configuration of the local MiniCluster ({@code --local}, tests): {@code flink.state-backend}
     * (RocksDB with incremental checkpoints by default), checkpoints into {@code flink.checkpoint.dir}, exponential-delay restarts, {@code flink.parallelism}.
     * Never used on a cluster, which decides these itself ({@link ClusterDefaults}).
     */
    public static Configuration flinkConfiguration(JobSettings s) {
        Map<String, String> m = new HashMap<>();
        m.put("state.backend.type", s.stateBackend());
        m.put("execution.checkpointing.incremental", Boolean.toString(s.stateBackend().equals("rocksdb")));
        if (s.stateBackend().equals("rocksdb")) {
            m.put(ClusterDefaults.ROCKSDB_COMPRESSION.key(), ClusterDefaults.ROCKSDB_COMPRESSION_DEFAULT);
            m.put(ClusterDefaults.ROCKSDB_BLOOM_FILTER.key(), "true");
        }
        m.put("execution.checkpointing.interval", s.checkpointIntervalMs() + " ms");
        m.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        m.put("execution.checkpointing.dir", toUri(s.checkpointDir()));
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        m.put("restart-strategy.type", "exponential-delay");
        m.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        m.put("restart-strategy.exponential-delay.max-backoff", "30 s");
        m.put("parallelism.default", Integer.toString(s.parallelism()));
        m.put("rest.port", Integer.toString(s.webPort()));
        m.put("rest.bind-address", "0.0.0.0");
        // the REST API's metrics at most 1 s old instead of 10 s: the dashboard, the console and the learn
        // benchmark's rates read them (fetched from the TaskManager only when asked, at most once a second)
        m.put("metrics.fetcher.update-interval", "1 s");
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(1, s.parallelism())));
        m.put("taskmanager.memory.managed.size", "256 mb");
        m.put("taskmanager.memory.network.min", "64 mb");
        m.put("taskmanager.memory.network.max", "64 mb");
        return Configuration.fromMap(m);
    }

    static String toUri(String dir) {
        if (dir.contains("://")) {
            return dir;
        }
        return Path.of(dir).toAbsolutePath().toUri().toString();
    }

    public static KafkaSource<RawEvent> kafkaSource(JobSettings s) {
        Properties security = new Properties();
        security.putAll(s.kafkaSecurity().clientProperties());
        return KafkaSource.<RawEvent>builder()
                .setProperties(security)
                .setBootstrapServers(s.kafkaBootstrap())
                .setTopics(s.eventsTopic())
                .setGroupId(s.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawEventDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(JobSettings s) {
        Properties security = new Properties();
        security.putAll(s.kafkaSecurity().clientProperties());
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(security)
                .setBootstrapServers(s.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer(s.dlqTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The Redis sinks of the job's results. */
    public static Sinks redisSinks(JobSettings s, Sink<DeadLetter> deadLetters) {
        return new Sinks(
                new RedisSink<>(s.redis(), new RecentItemsMutation(s.recentTtlSeconds()), s.sinkBatchSize(),
                        s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new VectorMutations.UserVectors(s.recentTtlSeconds()), s.sinkBatchSize(),
                        s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new VectorMutations.ItemVectors(s.changeFeedMaxLen()), s.sinkBatchSize(),
                        s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new TrendingMutation(), s.sinkBatchSize(), s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new ArmMutation(), s.sinkBatchSize(), s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new ExperimentCountsMutation(), s.sinkBatchSize(), s.sinkFlushIntervalMs()),
                deadLetters,
                new RedisSink<>(s.redis(), new RepurchaseMutation(s.recentTtlSeconds()), s.sinkBatchSize(),
                        s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new CooccurrenceMutation(), s.sinkBatchSize(), s.sinkFlushIntervalMs()),
                new RedisSink<>(s.redis(), new BlendWeightsMutation(), s.sinkBatchSize(), s.sinkFlushIntervalMs()));
    }

    /**
     * Wires Kafka and Redis from the configuration and runs the job. On a cluster (the job jar
     * submitted with {@code flink run} or {@code POST /jars/:id/run}) this runs on the JobManager: the
     * configuration comes from its {@code STREAMREC_*} environment, its config file and the program
     * arguments ({@code --key value}); parallelism, checkpointing, state backend and restarts are the
     * cluster's. With {@code --local} it runs in an embedded MiniCluster with the Flink web dashboard
     * on {@code flink.web.port} (./recsys demo).
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        StreamrecConfig config = StreamrecConfig.fromEnvironment(arguments.overrides());
        JobSettings s = JobSettings.from(config);
        LOG.info("streamrec job configuration:\n{}", config.describe());
        StreamExecutionEnvironment env;
        if (arguments.local()) {
            ParentWatchdog.install();
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConfiguration(s));
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment();
            ClusterDefaults.Result defaults = ClusterDefaults.of(env.getConfiguration(), config);
            defaults.notes().forEach(n -> LOG.info("streamrec default on this cluster: {}", n));
            env.configure(defaults.additions());
        }
        new StreamrecJob(kafkaSource(s), redisSinks(s, deadLetterSink(s)), s).execute(env);
    }
}

package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.ingest.DeadLetter;
import io.streamrec.flink.ingest.RawEvent;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.learn.LearnerSettings;
import io.streamrec.flink.learn.VectorUpdate;
import io.streamrec.flink.trend.ItemTrend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The job's wiring in seconds, without Kafka or Redis: {@link StreamrecJob} built from its constructor
 * with a bounded in-memory source and collecting sinks (the learner's item feed and the catalogue
 * poller off, so nothing reads Redis). Every valid event reaches the recent items, the user and item
 * vectors and trending; every malformed record becomes a dead letter with its reason; nothing else.
 */
class StreamrecPipelineTest {
    /** What the sinks of one run collected, by run id and sink name. */
    static final Map<String, Map<String, Collection<Object>>> COLLECTED = new ConcurrentHashMap<>();

    @Test
    void eventsFlowThroughEveryOperatorToEverySinkAndBadRecordsToDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString();
        long t = 1_700_000_000_000L;
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = "u" + (i % 4);
            String type = i % 10 == 9 ? "purchase" : "view";
            records.add("{\"userId\":\"" + user + "\",\"itemId\":\"i" + (i % 7) + "\",\"type\":\"" + type
                    + "\",\"ts\":" + (t + 1000L * i) + ",\"category\":\"c" + (i % 7 % 2) + "\"}");
        }
        // an experiment's impression and the click on it (recId in the context)
        records.add("{\"userId\":\"u9\",\"itemId\":\"i1\",\"type\":\"impression\",\"ts\":" + (t + 50_000)
                + ",\"context\":{\"recId\":\"r1.home.b.abc\"}}");
        records.add("{\"userId\":\"u9\",\"itemId\":\"i1\",\"type\":\"click\",\"ts\":" + (t + 51_000)
                + ",\"context\":{\"recId\":\"r1.home.b.abc\"}}");
        records.add("not json");
        records.add("{\"itemId\":\"x\",\"type\":\"view\",\"ts\":1}");
        // a served list (marked by its Kafka header) that is not one: a dead letter too, never an event
        records.add(SERVED + "{\"userId\":\"u9\",\"ts\":1,\"items\":[{\"itemId\":\"i1\",\"segment\":99}]}");

        // nothing listens here: the job must not need Redis with the feeds off
        RedisSettings nowhere = new RedisSettings("redis://127.0.0.1:1", 200, 1, 100, "pipeline-test");
        JobSettings s = TestJobSettings.common(2)
                .kafka("unused:9092", "events", "events.dlq", "pipeline")
                .redis(nowhere)
                .checkpoints(60_000, Files.createTempDirectory("pipeline-ckpt").toString())
                .sink(100, 20)
                .learner(new LearnerSettings(MfConfig.defaults().withDim(8), EventWeights.defaults(), 100, 0.5, 1000, 0, 1.0,
                        nowhere).withBundles(8, 0, 0).withStateCache(10))
                .interest(InterestSettings.defaults(0, nowhere))
                .stateBackend("hashmap")
                // baskets of purchases only, so that the views below make none (positive, the default, is tested
                // in CoOccurrenceTest)
                .cooccurrence(purchasesOnly())
                .build();
        GeneratorFunction<Long, RawEvent> fromList = new Records(records);
        DataGeneratorSource<RawEvent> source = new DataGeneratorSource<>(fromList, records.size(),
                TypeInformation.of(RawEvent.class));
        StreamrecJob.Sinks sinks = new StreamrecJob.Sinks(new Collecting<>(run, "recent"), new Collecting<>(run, "users"),
                new Collecting<>(run, "items"), new Collecting<>(run, "trending"), new Collecting<>(run, "arms"),
                new Collecting<>(run, "experiments"), new Collecting<>(run, "dead"), new Collecting<>(run, "rebuy"),
                new Collecting<>(run, "cooc"), new Collecting<>(run, "blend"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // one source split: the records stay in order
        new StreamrecJob(source, sinks, s).build(env);
        env.execute("pipeline-test");

        List<UserRecentItems> recent = collected(run, "recent");
        assertThat(recent).extracting(r -> r.userId).containsOnly("u0", "u1", "u2", "u3", "u9");
        UserRecentItems lastU0 = recent.stream().filter(r -> r.userId.equals("u0")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastU0.version).isEqualTo(10);

        List<VectorUpdate> users = collected(run, "users");
        assertThat(users).extracting(u -> u.id).containsOnly("u0", "u1", "u2", "u3", "u9");
        assertThat(users).filteredOn(u -> u.id.equals("u3")).extracting(u -> u.version).contains(10L);
        assertThat(users).allSatisfy(u -> assertThat(u.vec).hasSize(9));

        List<VectorUpdate> items = collected(run, "items");
        assertThat(items).extracting(i -> i.id).contains("i0", "i1", "i2", "i3", "i4", "i5", "i6");

        List<ItemTrend> trending = collected(run, "trending");
        assertThat(trending).extracting(i -> i.itemId).containsOnly("i0", "i1", "i2", "i3", "i4", "i5", "i6");

        // purchases make baskets: u1 bought i2 then i1, u3 i5 then i4, each within minutes; views make none
        List<io.streamrec.flink.cooc.ItemNeighbours> cooc = collected(run, "cooc");
        assertThat(cooc).extracting(n -> n.itemId).containsOnly("i1", "i2", "i4", "i5");
        assertThat(cooc).allSatisfy(n -> assertThat(n.ids).isNotEmpty().doesNotContain(n.itemId));

        List<io.streamrec.flink.experiment.VariantTotals> experiments = collected(run, "experiments");
        io.streamrec.flink.experiment.VariantTotals home = experiments.get(experiments.size() - 1);
        assertThat(home.experiment + "/" + home.variant).isEqualTo("home/b");
        assertThat(home.values[io.streamrec.core.experiment.Metric.IMPRESSIONS.ordinal()]).isEqualTo(1);
        assertThat(home.values[io.streamrec.core.experiment.Metric.CLICKS.ordinal()]).isEqualTo(1);
        assertThat(home.values[io.streamrec.core.experiment.Metric.USERS.ordinal()]).isEqualTo(1);

        List<DeadLetter> dead = collected(run, "dead");
        assertThat(dead).extracting(d -> d.reason).hasSize(3).anySatisfy(r -> assertThat(r).startsWith("invalid JSON"))
                .contains("userId: required", "invalid served list: served item segment must be in [0, 12)");
        COLLECTED.remove(run);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> collected(String run, String sink) {
        return new ArrayList<>((Collection<T>) (Collection<?>) COLLECTED.getOrDefault(run, Map.of()).getOrDefault(sink, List.of()));
    }

    /** Marks a record of {@link Records} as a served list (the {@code streamrec-record: served} header). */
    static final String SERVED = "served:";

    static io.streamrec.core.model.CoOccurrence.Settings purchasesOnly() {
        io.streamrec.core.model.CoOccurrence.Settings d = io.streamrec.core.model.CoOccurrence.Settings.defaults();
        return new io.streamrec.core.model.CoOccurrence.Settings(d.halfLifeMillis(), d.maxNeighbours(), d.maxPartners(),
                d.basketGapMillis(), d.shrink(), false);
    }

    /** The i-th record as Kafka would hand it over. */
    record Records(List<String> json) implements GeneratorFunction<Long, RawEvent> {
        @Override
        public RawEvent map(Long i) {
            String r = json.get(i.intValue());
            boolean served = r.startsWith(SERVED);
            return new RawEvent((served ? r.substring(SERVED.length()) : r).getBytes(StandardCharsets.UTF_8), "events", 0,
                    i, 0, served ? io.streamrec.core.rank.ServedList.KIND : null);
        }
    }

    /** Adds what it receives to {@link #COLLECTED} (the test runs in this JVM's mini cluster). */
    record Collecting<T>(String run, String name) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Collection<Object> into = COLLECTED.computeIfAbsent(run, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    into.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}

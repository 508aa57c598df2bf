package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.data.EventFiles;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.core.warm.AlsSettings;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.JavaAlsEngine;
import io.streamrec.core.warm.WarmFactors;
import io.streamrec.flink.learn.CentroidEntry;
import io.streamrec.flink.learn.ItemLearnerFunction;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import io.streamrec.flink.learn.UserState;
import io.streamrec.flink.warm.ItemSeed;
import io.streamrec.flink.warm.UserSeed;
import io.streamrec.flink.warm.WarmStart;
import io.streamrec.flink.warm.WarmStates;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Warm start end to end: ALS on a history file, the savepoint read back with the State Processor API
 * holds exactly the states made from the ALS factors (and Redis their vectors), and the job restored
 * from it (RocksDB, parallelism 2) goes on from those states: a warm user's next event moves its
 * version on from the history's count, not from zero.
 */
class WarmStartIT {
    static final long T0 = 1_700_000_000_000L;

    static List<Event> history() {
        List<Event> out = new ArrayList<>();
        String[] cats = {"kitchen", "garden", "toys"};
        int n = 0;
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 6; k++) {
                int item = (u % 3) * 8 + (u * 7 + k * 3) % 8;
                Event e = Event.of("u" + u, "i" + item, k % 3 == 0 ? EventType.PURCHASE : EventType.VIEW, T0 + 1000L * n++);
                e.category = cats[item / 8];
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void theSavepointHoldsTheAlsStatesAndTheRestoredJobKeepsLearning() throws Exception {
        Path dir = Path.of("target/it-warm-" + UUID.randomUUID()).toAbsolutePath();
        try (EmbeddedRedis redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:2", "events.dlq:1"));
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it-warm"))) {
            List<Event> events = history();
            Path file = dir.resolve("history.jsonl");
            EventFiles.write(file, events);
            WarmStart.Result r = WarmStart.run(new String[] {"--events", file.toString(), "--savepoint",
                    dir.resolve("savepoint").toString(), "--iterations", "4", "--parallelism", "2",
                    "--model.mf.dim", "8", "--flink.max-parallelism", "128", "--redis.url", redisServer.url()}, System.out);
            assertThat(r.users()).isEqualTo(40);
            assertThat(r.items()).isEqualTo(24);

            // what ALS makes of the same file, computed here without Flink
            MfConfig mf = MfConfig.defaults().withDim(8);
            AlsSettings als = AlsSettings.defaults(8).withIterations(4);
            History h = History.of(events, EventWeights.defaults(), als.alpha(), Long.MAX_VALUE);
            WarmFactors f = WarmFactors.train(h, als, new JavaAlsEngine(8, als.lambda(), als.cgSteps()));
            WarmStates expected = WarmStates.of(f, mf, events, EventWeights.defaults(), Long.MAX_VALUE,
                    WarmStates.DEFAULT_ACC_PER_EVENT);

            Map<String, UserState> users = readUsers(r.savepoint());
            assertThat(users.keySet()).isEqualTo(expected.users.keySet());
            expected.users.forEach((id, e) -> {
                UserState s = users.get(id);
                assertThat(s.vec).as("vector of %s", id).containsExactly(e.vec);
                assertThat(s.vec[8]).isEqualTo(1f);
                assertThat(s.version).isEqualTo(6);
                assertThat(s.acc).isEqualTo(e.acc);
                assertThat(s.recent).containsExactly(e.recent);
                assertThat(s.recentWeights).containsExactly(e.recentWeights);
            });
            Map<String, ItemState> items = readItems(r.savepoint());
            assertThat(items.keySet()).isEqualTo(expected.items.keySet());
            expected.items.forEach((id, e) -> {
                ItemState s = items.get(id);
                assertThat(s.vec).as("vector of %s", id).containsExactly(e.vec);
                assertThat(s.ctx).containsExactly(e.ctx);
                assertThat(s.version).isEqualTo(e.version);
                assertThat(s.category).isEqualTo(e.category);
                // and Redis has what the savepoint has
                float[] published = VectorCodec.decode(redis.hget(RedisKeys.ITEM_VECTORS.getBytes(), id.getBytes()));
                assertThat(published).containsExactly(e.vec);
            });
            assertThat(readCentroids(r.savepoint())).extracting(c -> c.category)
                    .containsExactlyInAnyOrder("kitchen", "garden", "toys");
            assertThat(StateInRedis.vectorVersion(redis, "u3")).isEqualTo(6);

            // the job restored from the savepoint learns on: u3's next event is its 7th
            JobSettings s = StreamrecJobIT.settings(dir.resolve("checkpoints"), kafka.bootstrap(), redisServer.url());
            JobClient job = ForgetUserStateIT.start(s, r.savepoint());
            try (KafkaProducer<byte[], byte[]> p = StreamrecJobIT.producer(kafka.bootstrap())) {
                Event next = Event.of("u3", "i20", EventType.PURCHASE, T0 + 3_600_000);
                next.category = "toys";
                ForgetUserStateIT.send(p, next);
            }
            long itemVersion = expected.items.get("i20").version;
            StateInRedis.await("u3 learned from its 7th event, i20 moved on from its warm version", () ->
                    StateInRedis.vectorVersion(redis, "u3") == 7
                            && VectorCodec.version(redis.hget(RedisKeys.ITEM_VECTORS.getBytes(), "i20".getBytes())) > itemVersion,
                    Duration.ofSeconds(90));
            StreamrecJobIT.cancelAndWait(job);
        }
    }

    @Test
    void redisHoldingVectorsOfAnotherWidthIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path dir = Path.of("target/it-warm-" + UUID.randomUUID()).toAbsolutePath();
        try (EmbeddedRedis redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it-warm"))) {
            redis.hset(RedisKeys.ITEM_VECTORS.getBytes(), "old".getBytes(), VectorCodec.encode(new float[17], 3, T0));
            Path file = dir.resolve("history.jsonl");
            EventFiles.write(file, history());
            assertThatThrownBy(() -> WarmStart.run(new String[] {"--events", file.toString(), "--savepoint",
                    dir.resolve("savepoint").toString(), "--model.mf.dim", "8", "--redis.url", redisServer.url()}, System.out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width 17");
            assertThat(dir.resolve("savepoint")).doesNotExist();
            assertThat(redis.hlen(RedisKeys.ITEM_VECTORS)).isEqualTo(1);
        }
    }

    static SavepointReader reader(String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        return SavepointReader.read(env, savepoint, new EmbeddedRocksDBStateBackend());
    }

    static Map<String, UserState> readUsers(String savepoint) throws Exception {
        Map<String, UserState> out = new HashMap<>();
        try (CloseableIterator<UserSeed> it = reader(savepoint).readKeyedState(
                OperatorIdentifier.forUid(StreamrecJob.USER_LEARNER_UID), new Users()).executeAndCollect()) {
            it.forEachRemaining(s -> out.put(s.userId, s.state));
        }
        return out;
    }

    static Map<String, ItemState> readItems(String savepoint) throws Exception {
        Map<String, ItemState> out = new HashMap<>();
        try (CloseableIterator<ItemSeed> it = reader(savepoint).readKeyedState(
                OperatorIdentifier.forUid(StreamrecJob.ITEM_LEARNER_UID), new Items()).executeAndCollect()) {
            it.forEachRemaining(s -> out.put(s.itemId, s.state));
        }
        return out;
    }

    static List<CentroidEntry> readCentroids(String savepoint) throws Exception {
        List<CentroidEntry> out = new ArrayList<>();
        try (CloseableIterator<CentroidEntry> it = reader(savepoint).readListState(
                OperatorIdentifier.forUid(StreamrecJob.ITEM_LEARNER_UID), ItemLearnerFunction.CENTROID_STATE,
                TypeInformation.of(CentroidEntry.class)).executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** The users' learner parts, from their values as the warm start writes them (the default time to live, 90 days). */
    static final class Users extends KeyedStateReaderFunction<String, UserSeed> {
        private transient ValueState<UserProfile> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(90L * 86_400));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<UserSeed> out) throws Exception {
            UserProfile p = state.value();
            assertThat(p.recent.items).as("no recent items yet").isEmpty();
            assertThat(p.basket).as("no open basket").isNull();
            out.collect(new UserSeed(key, p.learner));
        }
    }

    static final class Items extends KeyedStateReaderFunction<String, ItemSeed> {
        private transient ValueState<ItemState> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>(ItemLearnerFunction.ITEM_STATE, ItemState.class));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<ItemSeed> out) throws Exception {
            out.collect(new ItemSeed(key, state.value()));
        }
    }
}

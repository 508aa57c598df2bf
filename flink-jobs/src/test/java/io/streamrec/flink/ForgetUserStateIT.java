package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Forget-user with pseudonymised ids, proven in the job's own state: users arrive as the API writes
 * them (HMAC pseudonyms, privacy.user-id-hmac-key), one of them is forgotten, the job is stopped with
 * a savepoint, and the savepoint is read back with the State Processor API: every user-keyed operator
 * holds the other users' pseudonyms, nothing of the forgotten one and no raw id. Restored from that
 * savepoint, the job treats the forgotten user as new.
 */
class ForgetUserStateIT {
    static final UserPseudonyms PSEUDONYMS = UserPseudonyms.of("forget-user-state-it-secret-0123456789");

    /** The user-keyed state of the job: operator uid, the value state every user has there and its time to live (s, 0: none). */
    record UserKeyed(String uid, String state, Class<?> type, long ttlSeconds) {}

    /** The user learner keeps all of a user in one value, with the settings' time to live of recent items (an hour). */
    static final List<UserKeyed> USER_KEYED = List.of(
            new UserKeyed("user-learner", UserLearnerFunction.PROFILE_STATE, UserProfile.class, 3600));

    @Test
    void aForgottenUserIsInNoOperatorsStateAndNoRawIdIsAnywhere() throws Exception {
        Path dir = Path.of("target/it-forget-" + UUID.randomUUID()).toAbsolutePath();
        try (EmbeddedRedis redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:2", "events.dlq:1"));
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it-forget"))) {
            List<String> raw = List.of("alice", "bob", "carol");
            String alice = PSEUDONYMS.stored("alice");
            long t = 1_700_000_000_000L;
            try (KafkaProducer<byte[], byte[]> p = StreamrecJobIT.producer(kafka.bootstrap())) {
                int i = 0;
                for (String user : raw) {
                    for (String item : List.of("i1", "i2", "i3")) {
                        send(p, Event.of(PSEUDONYMS.stored(user), item + user.length(), EventType.VIEW, t + 1000L * i++));
                    }
                }
                send(p, EventParser.forgetUser(alice, t + 60_000));
            }
            JobSettings s = StreamrecJobIT.settings(dir.resolve("checkpoints"), kafka.bootstrap(), redisServer.url());
            JobClient job = start(s, null);
            StateInRedis.await("bob and carol in Redis, alice forgotten", () ->
                    redis.exists(RedisKeys.userLists(PSEUDONYMS.stored("bob")))
                            && redis.exists(RedisKeys.userLists(PSEUDONYMS.stored("carol")))
                            && keysContaining(redis, alice).isEmpty(), Duration.ofSeconds(60));
            String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();

            for (UserKeyed op : USER_KEYED) {
                Set<String> keys = keysIn(savepoint, op);
                assertThat(keys).as("users in %s", op.uid())
                        .contains(PSEUDONYMS.stored("bob"), PSEUDONYMS.stored("carol")).doesNotContain(alice);
                assertThat(keys).as("raw ids in %s", op.uid()).allSatisfy(k -> assertThat(k).startsWith(UserPseudonyms.PREFIX))
                        .doesNotContainAnyElementsOf(raw);
            }
            assertThat(keysContaining(redis, "alice")).as("raw id in Redis").isEmpty();

            // restored from the savepoint, the job has nothing of alice: her next event is her first
            JobClient restored = start(s, savepoint);
            try (KafkaProducer<byte[], byte[]> p = StreamrecJobIT.producer(kafka.bootstrap())) {
                send(p, Event.of(alice, "i9", EventType.VIEW, t + 120_000));
            }
            StateInRedis.await("alice again, from scratch", () ->
                    StateInRedis.lists(redis, alice).version() == 1, Duration.ofSeconds(60));
            assertThat(StreamrecJobIT.items(redis, alice)).containsExactly("i9");
            StreamrecJobIT.cancelAndWait(restored);
        }
    }

    static JobClient start(JobSettings s, String restoreFrom) throws Exception {
        return RestoreIT.start(s, restoreFrom, 2);
    }

    static void send(KafkaProducer<byte[], byte[]> p, Event e) throws Exception {
        p.send(new ProducerRecord<>("events", e.userId.getBytes(StandardCharsets.UTF_8),
                EventJson.toJson(e).getBytes(StandardCharsets.UTF_8))).get();
    }

    /** Every Redis key (on this one server) whose name contains {@code s}. */
    static List<String> keysContaining(UnifiedJedis redis, String s) {
        List<String> out = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> r = redis.scan(cursor, new ScanParams().match("*" + s + "*").count(1000));
            out.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return out;
    }

    /** The keys that hold the operator's user state in the savepoint, read with the State Processor API. */
    static Set<String> keysIn(String savepoint, UserKeyed op) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        SavepointReader reader = SavepointReader.read(env, savepoint, new EmbeddedRocksDBStateBackend());
        Set<String> keys = new HashSet<>();
        try (CloseableIterator<String> it = reader.readKeyedState(OperatorIdentifier.forUid(op.uid()),
                new KeysWithState(op.state(), op.type(), op.ttlSeconds())).executeAndCollect()) {
            it.forEachRemaining(keys::add);
        }
        return keys;
    }

    /** Emits each key whose value state {@code name} is set. */
    static final class KeysWithState extends KeyedStateReaderFunction<String, String> {
        private final String name;
        private final Class<?> type;
        private final long ttlSeconds;
        private transient ValueState<?> state;

        KeysWithState(String name, Class<?> type, long ttlSeconds) {
            this.name = name;
            this.type = type;
            this.ttlSeconds = ttlSeconds;
        }

        @Override
        public void open(OpenContext context) {
            ValueStateDescriptor<?> d = new ValueStateDescriptor<>(name, type);
            if (ttlSeconds > 0) {
                d.enableTimeToLive(UserLearnerFunction.ttl(ttlSeconds).build());
            }
            state = getRuntimeContext().getState(d);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            if (state.value() != null) {
                out.collect(key);
            }
        }
    }
}

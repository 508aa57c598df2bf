package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserProfile;
import io.streamrec.flink.upgrade.UserStateMigration;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The upgrade from the job that kept a user's state in three operators: a savepoint of that job
 * (src/test/resources/savepoints/three-user-operators, its README says how it was made: eight users, six
 * events each) migrated with {@link UserStateMigration} holds each user's vector, recent items and open
 * basket in one value, and the job restored from it goes on where the old one stopped: each user's next
 * event is their seventh for both the vector and the lists, which still hold the items from before.
 */
class UserStateMigrationIT {
    static final long T0 = 1_700_000_000_000L;
    /** The lists each user had when the old job was stopped (what it had written to Redis). */
    static final Map<String, List<String>> BEFORE = Map.of(
            "u1", List.of("i5", "i2", "i11", "i8"), "u2", List.of("i6", "i9", "i3", "i12"),
            "u3", List.of("i1", "i10", "i7", "i4"), "u4", List.of("i5", "i8", "i2", "i11"),
            "u5", List.of("i12", "i9", "i6", "i3"), "u6", List.of("i4", "i1", "i10", "i7"),
            "u7", List.of("i5", "i8", "i2", "i11"), "u8", List.of("i12", "i9", "i6", "i3"));

    @Test
    void theMigratedSavepointHoldsEachUserInOneValueAndTheJobGoesOnFromIt() throws Exception {
        Path dir = Path.of("target/it-migrate-" + UUID.randomUUID()).toAbsolutePath();
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.copy(Path.of("src/test/resources/savepoints/three-user-operators/_metadata"), old.resolve("_metadata"));
        String[] config = {"--model.recent.ttl-days", "90", "--model.mf.dim", "8", "--flink.max-parallelism", "128"};

        UserStateMigration.Result r = UserStateMigration.run(concat(new String[] {"--from", old.toUri().toString(),
                "--to", dir.resolve("new").toString()}, config), System.out);
        assertThat(r.users()).isEqualTo(8);
        assertThat(r.recentItems()).isTrue();
        assertThat(r.baskets()).isTrue();
        assertThatThrownBy(() -> UserStateMigration.run(concat(new String[] {"--from", old.toUri().toString(),
                "--to", dir.resolve("new").toString()}, config), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");

        // the old user learner's operator state (negative sampler, open gradient bundle) is carried over, with the mark
        var learnerState = org.apache.flink.state.api.runtime.SavepointLoader.loadSavepointMetadata(r.savepoint())
                .getOperatorStates().stream()
                .filter(o -> o.getOperatorID().equals(OperatorIdentifier.forUid(StreamrecJob.USER_LEARNER_UID).getOperatorId()))
                .findFirst().orElseThrow();
        java.util.Set<String> names = UserStateMigration.operatorStateNames(learnerState);
        assertThat(names).contains("negative-sampler.packed", "negative-sampler-order.packed", "gradient-bundle.packed",
                "gradient-bundle-negatives.packed", "gradient-bundle-counters.packed", UserLearnerFunction.LAYOUT);

        Map<String, Profile> users = read(r.savepoint());
        assertThat(users).containsOnlyKeys(BEFORE.keySet());
        users.forEach((id, p) -> {
            assertThat(p.value.learner.version).as("%s's vector version", id).isEqualTo(6);
            assertThat(p.value.learner.vec).hasSize(9);
            assertThat(p.value.recent.version).as("%s's lists version", id).isEqualTo(6);
            assertThat(p.value.recent.items).as("%s's recent items", id).containsAll(BEFORE.get(id));
            if (p.value.basket != null) {
                assertThat(p.timers).as("%s's basket ends", id).isNotEmpty();
            }
        });
        assertThat(users.values()).as("open baskets").anySatisfy(p -> assertThat(p.value.basket).isNotNull());

        try (EmbeddedRedis redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, List.of("events:2", "events.dlq:1"));
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it-migrate"))) {
            JobSettings s = StreamrecJobIT.settings(dir.resolve("checkpoints"), kafka.bootstrap(), redisServer.url());
            JobClient job = ForgetUserStateIT.start(s, r.savepoint());
            try (KafkaProducer<byte[], byte[]> p = StreamrecJobIT.producer(kafka.bootstrap())) {
                for (String user : BEFORE.keySet()) {
                    ForgetUserStateIT.send(p, Event.of(user, "i99", EventType.VIEW, T0 + 3_600_000));
                }
            }
            StateInRedis.await("every user's next event is their 7th", () -> BEFORE.keySet().stream().allMatch(u ->
                    StateInRedis.vectorVersion(redis, u) == 7 && StateInRedis.lists(redis, u).version() == 7),
                    Duration.ofSeconds(90));
            BEFORE.forEach((user, items) -> assertThat(StreamrecJobIT.items(redis, user)).as(user)
                    .contains("i99").containsAll(items));
            StreamrecJobIT.cancelAndWait(job);
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A user's value and event-time timers in the migrated savepoint. */
    public static class Profile {
        public String userId;
        public UserProfile value;
        public long[] timers;
    }

    static Map<String, Profile> read(String savepoint) throws Exception {
        Map<String, Profile> out = new HashMap<>();
        try (CloseableIterator<Profile> it = WarmStartIT.reader(savepoint).readKeyedState(
                OperatorIdentifier.forUid(StreamrecJob.USER_LEARNER_UID), new Profiles()).executeAndCollect()) {
            it.forEachRemaining(p -> out.put(p.userId, p));
        }
        return out;
    }

    static final class Profiles extends KeyedStateReaderFunction<String, Profile> {
        private transient ValueState<UserProfile> state;

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext().getState(UserLearnerFunction.profileDescriptor(90L * 86_400));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<Profile> out) throws Exception {
            Profile p = new Profile();
            p.userId = key;
            p.value = state.value();
            p.timers = ctx.registeredEventTimeTimers().stream().mapToLong(Long::longValue).toArray();
            if (p.value != null) {
                out.collect(p);
            }
        }
    }
}

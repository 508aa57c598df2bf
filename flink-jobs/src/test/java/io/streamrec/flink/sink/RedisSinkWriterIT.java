package io.streamrec.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.interest.UserLists;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.interest.UserRepurchase;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** The Redis sink writer against a real redis-server. */
class RedisSinkWriterIT {
    static EmbeddedRedis server;
    static UnifiedJedis redis;
    static RedisSettings settings;
    TestProcessingTimeService time;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(Path.of("target/it-redis-sink"), 0, false);
        settings = new RedisSettings(server.url(), 2000, 4, 500, "test");
        redis = RedisClientFactory.create(settings);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
        time = new TestProcessingTimeService();
    }

    RedisSinkWriter<UserRecentItems> writer(int batch) {
        return new RedisSinkWriter<>(settings, new RecentItemsMutation(3600), batch, 50, time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(), java.util.function.UnaryOperator.identity());
    }

    /** As the job runs it, with object reuse: the writer buffers the serializer's copies. */
    RedisSinkWriter<UserRecentItems> copyingWriter(int batch) {
        var serializer = org.apache.flink.api.common.typeinfo.TypeInformation.of(UserRecentItems.class)
                .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        return new RedisSinkWriter<>(settings, new RecentItemsMutation(3600), batch, 50, time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(), serializer::copy);
    }

    static UserRecentItems list(String user, long version, String... items) {
        UserLists l = UserLists.empty(version, 1000 + version);
        for (int i = 0; i < items.length; i++) {
            l = l.withRecent(items[i], items.length - i);
        }
        return UserRecentItems.of(user, l.withBought(items[0], 1000 + version));
    }

    /** The user's published lists; empty lists at version 0 when there are none. */
    UserLists lists(String user) {
        byte[] v = redis.get(RedisKeys.userLists(user).getBytes(StandardCharsets.UTF_8));
        return v == null ? UserLists.empty(0, 0) : UserLists.decode(v);
    }

    /** The user's recent items as stored, strongest first. */
    List<String> stored(String user) {
        List<String> ascending = new java.util.ArrayList<>(lists(user).recentItems());
        java.util.Collections.reverse(ascending);
        return ascending;
    }

    @Test
    void writesTheListsAsOneValueAndATombstoneDeletesEveryKeyOfTheUser() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            UserLists gone = UserLists.empty(1, 1001).withRecent("a", 2).withRecent("b", 1).withBought("a", 1001)
                    .withInterest("garden", 1.5, 4).withInterest("toys", 0, 0.25);
            w.write(UserRecentItems.of("gone", gone), null);
            w.write(list("kept", 1, "c"), null);
            w.flush(false);
            assertThat(lists("gone")).isEqualTo(gone);
            assertThat(redis.exists(RedisKeys.userMeta("gone"))).as("no meta hash: the version is the value's header")
                    .isFalse();
            redis.zadd(RedisKeys.legacyUserKeys("gone").get(0), 1, "x"); // as an earlier release left it
            w.write(UserRecentItems.forgotten("gone"), null);
            w.flush(false);
            for (String key : RedisKeys.allUserKeys("gone")) {
                assertThat(redis.exists(key)).as(key).isFalse();
            }
            assertThat(stored("kept")).containsExactly("c");
        }
    }

    @Test
    void flushesOnTheTimerNotBefore() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            w.write(list("u1", 1, "a"), null);
            w.write(list("u2", 1, "b", "c"), null);
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).isEmpty();
            time.setCurrentTime(time.getCurrentProcessingTime() + 50);
            w.awaitSent();
            assertThat(stored("u1")).containsExactly("a");
            assertThat(stored("u2")).containsExactly("b", "c");
            assertThat(lists("u2").version()).isEqualTo(1);
            assertThat(redis.ttl(RedisKeys.userLists("u2"))).isBetween(3500L, 3600L);
        }
    }

    /**
     * A full batch goes to a sender thread: the write that filled it returns while Redis holds writes back
     * ({@code CLIENT PAUSE … WRITE}), and {@code flush}, as before a checkpoint barrier, returns only once the
     * batch is in Redis.
     */
    @Test
    void aFullBatchIsSentWhileTheTaskGoesOnAndAFlushWaitsForIt() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(1)) {
            redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "2000", "WRITE");
            w.write(list("u1", 1, "a"), null); // the batch is full: handed to the sender
            assertThat(stored("u1")).as("held back by Redis, not by the task").isEmpty();
            w.flush(false);
            assertThat(stored("u1")).containsExactly("a");
        }
    }

    @Test
    void flushesWhenTheBatchIsFullAndCoalescesPerUser() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = copyingWriter(2)) {
            w.write(list("u1", 1, "a"), null);
            w.write(list("u1", 2, "a", "b"), null); // same user: replaces the buffered write
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).isEmpty();
            w.write(list("u2", 1, "z"), null);      // second key: batch full
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).containsExactly("a", "b");
            assertThat(lists("u1").version()).isEqualTo(2);
            assertThat(stored("u2")).containsExactly("z");
        }
    }

    @Test
    void theFirstWriteOfAUserAfterAnUpgradeDeletesTheListsAnEarlierReleaseKept() throws Exception {
        List<String> legacy = RedisKeys.legacyUserKeys("u1");
        redis.zadd(legacy.get(0), 3, "a");
        redis.zadd(legacy.get(1), 900, "a");
        redis.hset(legacy.get(2), "garden", "1.0 2.0");
        redis.hset(RedisKeys.userMeta("u1"), RedisKeys.META_RECENT_VERSION, "4");
        redis.zadd(RedisKeys.legacyUserKeys("u2").get(0), 1, "x"); // a user the job has not written yet
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            w.write(list("u1", 5, "a", "b"), null);
            w.flush(false);
            for (String key : legacy) {
                assertThat(redis.exists(key)).as(key).isFalse();
            }
            assertThat(stored("u1")).containsExactly("a", "b");
            redis.zadd(legacy.get(0), 3, "a");
            w.write(list("u1", 6, "a"), null);
            w.flush(false);
            assertThat(redis.exists(legacy.get(0))).as("deleted at the first write only").isTrue();
        }
        assertThat(redis.exists(RedisKeys.legacyUserKeys("u2").get(0))).isTrue();
    }

    /** A user without lists whose version an earlier release kept in the meta hash: that version guards the write. */
    @Test
    void theVersionAnEarlierReleaseKeptGuardsTheFirstWrite() throws Exception {
        redis.hset(RedisKeys.userMeta("u1"), Map.of(RedisKeys.META_RECENT_VERSION, "9", RedisKeys.META_LISTS, "1"));
        try (RedisSinkWriter<UserRecentItems> w = writer(1)) {
            w.write(list("u1", 5, "old"), null); // a replay of events the earlier release had written
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(redis.exists(RedisKeys.userLists("u1"))).isFalse();
            w.write(list("u1", 10, "new"), null);
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).containsExactly("new");
        }
    }

    @Test
    void neverOverwritesANewerVersion() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(1)) {
            w.write(list("u1", 5, "new"), null);
            w.write(list("u1", 3, "old"), null); // a replay after restore
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).containsExactly("new");
            w.write(list("u1", 5, "new", "same-version"), null); // equal version: idempotent rewrite allowed
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).containsExactly("new", "same-version");
            // Redis moved on without this writer (another writer after a rescale): never rolled back
            redis.set(RedisKeys.userLists("u1").getBytes(StandardCharsets.UTF_8), list("u1", 9, "newer").lists);
            w.write(list("u1", 6, "z"), null);
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(stored("u1")).containsExactly("newer");
        }
    }

    /** A flush of more users than one script call takes: each written in its call, the stale ones skipped. */
    @Test
    void aFlushOfManyUsersWritesEachUnlessRedisHoldsANewerVersion() throws Exception {
        int users = 2 * UserScriptCalls.PER_CALL + 7;
        redis.set(RedisKeys.userVector("u7").getBytes(StandardCharsets.UTF_8),
                io.streamrec.core.vector.VectorCodec.encode(new float[] {-1, -1}, 9, 0));
        redis.set(RedisKeys.userLists("u100").getBytes(StandardCharsets.UTF_8), UserLists.empty(9, 0).encode());
        try (RedisSinkWriter<UserRecentItems> lists = writer(1_000);
             RedisSinkWriter<io.streamrec.flink.learn.VectorUpdate> vectors = new RedisSinkWriter<>(settings,
                     new VectorMutations.UserVectors(0), 1_000, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                     java.util.function.UnaryOperator.identity())) {
            for (int u = 0; u < users; u++) {
                lists.write(list("u" + u, 3, "i" + u), null);
                vectors.write(new io.streamrec.flink.learn.VectorUpdate("u" + u, 3, new float[] {u, 1}, 1), null);
            }
            lists.write(UserRecentItems.forgotten("u5"), null); // a tombstone among them: the user's buffered write goes
            lists.flush(false);
            vectors.flush(false);
        }
        for (int u = 0; u < users; u++) {
            byte[] vec = redis.get(RedisKeys.userVector("u" + u).getBytes(StandardCharsets.UTF_8));
            if (u == 7) {
                assertThat(io.streamrec.core.vector.VectorCodec.decode(vec)).as("newer vector version in Redis")
                        .containsExactly(-1, -1);
            } else {
                assertThat(io.streamrec.core.vector.VectorCodec.decode(vec)).containsExactly(u, 1);
                assertThat(redis.ttl(RedisKeys.userVector("u" + u))).as("kept forever").isEqualTo(-1L);
            }
            if (u == 100 || u == 5) {
                assertThat(stored("u" + u)).as("newer lists in Redis, or forgotten").isEmpty();
            } else {
                assertThat(stored("u" + u)).containsExactly("i" + u);
                assertThat(redis.ttl(RedisKeys.userLists("u" + u))).isBetween(3500L, 3600L);
            }
        }
    }

    @Test
    void reloadsScriptsAfterRedisForgetsThem() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            redis.scriptFlush();
            w.write(list("u1", 1, "a"), null);
            w.flush(false);
            assertThat(stored("u1")).containsExactly("a");
        }
    }

    @Test
    void experimentTotalsAreWrittenWholeSoARewriteChangesNothing() throws Exception {
        try (RedisSinkWriter<io.streamrec.flink.experiment.VariantTotals> w = new RedisSinkWriter<>(settings,
                new ExperimentCountsMutation(), 100, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                java.util.function.UnaryOperator.identity())) {
            double[] first = new double[io.streamrec.core.experiment.Metric.values().length];
            first[io.streamrec.core.experiment.Metric.IMPRESSIONS.ordinal()] = 3;
            double[] later = first.clone();
            later[io.streamrec.core.experiment.Metric.REVENUE.ordinal()] = 12.5;
            w.write(new io.streamrec.flink.experiment.VariantTotals("home", "a", first), null);
            w.write(new io.streamrec.flink.experiment.VariantTotals("home", "a", later), null); // newest per variant wins
            w.flush(false);
            w.write(new io.streamrec.flink.experiment.VariantTotals("home", "a", later), null); // a replay after restore
            w.flush(false);
            assertThat(redis.hgetAll(RedisKeys.experimentCounts("home"))).containsEntry("a.impressions", "3")
                    .containsEntry("a.revenue", "12.5").containsEntry("a.clicks", "0")
                    .hasSize(io.streamrec.core.experiment.Metric.values().length);
        }
    }

    @Test
    void trendingScoresOfAFlushGoToEverySortedSetAndNeverGoDown() throws Exception {
        try (RedisSinkWriter<io.streamrec.flink.trend.ItemTrend> w = new RedisSinkWriter<>(settings, new TrendingMutation(),
                100, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), java.util.function.UnaryOperator.identity())) {
            w.write(new io.streamrec.flink.trend.ItemTrend("a", "toys", 2.0, 3.0), null);
            w.write(new io.streamrec.flink.trend.ItemTrend("b", "food", 1.0, 4.0), null);
            w.write(new io.streamrec.flink.trend.ItemTrend("c", null, 5.0, 0.5), null);
            w.flush(false);
            w.write(new io.streamrec.flink.trend.ItemTrend("a", "toys", 1.5, 3.5), null); // a replay: 1h lower, 24h higher
            w.flush(false);
            String shortKey = RedisKeys.trending(TrendingMutation.SHORT);
            String longKey = RedisKeys.trending(TrendingMutation.LONG);
            assertThat(redis.zrevrange(shortKey, 0, -1)).containsExactly("c", "a", "b");
            assertThat(redis.zscore(shortKey, "a")).isEqualTo(2.0);
            assertThat(redis.zrevrange(longKey, 0, -1)).containsExactly("b", "a", "c");
            assertThat(redis.zscore(longKey, "a")).isEqualTo(3.5);
            assertThat(redis.zrange(RedisKeys.trending(TrendingMutation.SHORT, "toys"), 0, -1)).containsExactly("a");
            assertThat(redis.zscore(RedisKeys.trending(TrendingMutation.LONG, "food"), "b")).isEqualTo(4.0);
            assertThat(redis.exists(RedisKeys.trending(TrendingMutation.SHORT, "null"))).isFalse();
        }
    }

    @Test
    void neighbourListsOfAFlushAreOneFieldPerItemTheLatestWinning() throws Exception {
        try (RedisSinkWriter<io.streamrec.flink.cooc.ItemNeighbours> w = new RedisSinkWriter<>(settings,
                new CooccurrenceMutation(), 100, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                java.util.function.UnaryOperator.identity())) {
            w.write(new io.streamrec.flink.cooc.ItemNeighbours("a", 1, new String[] {"b"}, new double[] {0.5}), null);
            w.write(new io.streamrec.flink.cooc.ItemNeighbours("b", 1, new String[] {"a"}, new double[] {0.25}), null);
            w.write(new io.streamrec.flink.cooc.ItemNeighbours("a", 2, new String[] {"c", "b"}, new double[] {0.75, 0.5}),
                    null);
            w.flush(false);
            byte[] key = RedisKeys.ITEM_COOCCURRENCE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(redis.hlen(key)).isEqualTo(2);
            List<io.streamrec.core.model.CoOccurrence.Neighbour> a = io.streamrec.core.model.CoOccurrenceCodec.decode(
                    redis.hget(key, "a".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(a).extracting(io.streamrec.core.model.CoOccurrence.Neighbour::itemId).containsExactly("c", "b");
        }
    }

    static UserRepurchase cycles(String user, long version, String... items) {
        io.streamrec.core.model.RepurchaseState st = new io.streamrec.core.model.RepurchaseState();
        io.streamrec.core.model.Repurchase model = io.streamrec.core.model.Repurchase.defaults();
        for (int i = 0; i < items.length; i++) {
            model.update(st, io.streamrec.core.event.Event.of(user, items[i], io.streamrec.core.event.EventType.PURCHASE,
                    1_700_000_000_000L + i * 86_400_000L));
        }
        st.version = version;
        return new UserRepurchase(user, version, RepurchaseCodec.encode(st, 1));
    }

    List<String> storedCycles(String user) {
        byte[] b = redis.get(RedisKeys.userRebuy(user).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return b == null ? List.of() : List.of(RepurchaseCodec.decode(b).items);
    }

    @Test
    void buyAgainCyclesAreVersionGuardedAndATombstoneDeletesThem() throws Exception {
        try (RedisSinkWriter<UserRepurchase> w = new RedisSinkWriter<>(settings, new RepurchaseMutation(3600), 1, 50,
                time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), java.util.function.UnaryOperator.identity())) {
            w.write(cycles("u1", 2, "coffee", "tea"), null);
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(storedCycles("u1")).containsExactly("coffee", "tea");
            assertThat(RepurchaseCodec.version(redis.get(RedisKeys.userRebuy("u1").getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(2);
            assertThat(redis.ttl(RedisKeys.userRebuy("u1"))).isBetween(3500L, 3600L);
            w.write(cycles("u1", 1, "old"), null); // a replay after restore
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(storedCycles("u1")).containsExactly("coffee", "tea");
            w.write(UserRepurchase.forgotten("u1"), null);
            w.awaitSent(); // whatever the writes sent is in Redis
            assertThat(redis.exists(RedisKeys.userRebuy("u1"))).isFalse();
        }
    }

    /**
     * The user's sinks run independently: a tombstone reaching one sink after another sink already wrote
     * the user's next event must not wipe that write (each removes only its own keys and meta fields).
     */
    @Test
    void aLateTombstoneInOneSinkLeavesAnotherSinksNewerWriteAlone() throws Exception {
        try (RedisSinkWriter<UserRecentItems> recent = writer(100);
             RedisSinkWriter<io.streamrec.flink.learn.VectorUpdate> vectors = new RedisSinkWriter<>(settings,
                     new VectorMutations.UserVectors(3600), 100, 50, time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                     java.util.function.UnaryOperator.identity());
             RedisSinkWriter<UserRepurchase> rebuy = new RedisSinkWriter<>(settings, new RepurchaseMutation(3600), 100, 50,
                     time, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), java.util.function.UnaryOperator.identity())) {
            // after forget-user, the recent-items sink already wrote the user's first new event ...
            recent.write(list("back", 1, "novel"), null);
            recent.flush(false);
            // ... when the other sinks' tombstones for the forget arrive
            vectors.write(io.streamrec.flink.learn.VectorUpdate.forgotten("back", 1), null);
            vectors.flush(false);
            rebuy.write(UserRepurchase.forgotten("back"), null);
            rebuy.flush(false);
            assertThat(lists("back").version()).isEqualTo(1);
            assertThat(stored("back")).containsExactly("novel");
            // and a tombstone of the sink that wrote it removes it, leaving no empty meta hash behind
            recent.write(UserRecentItems.forgotten("back"), null);
            recent.flush(false);
            for (String key : RedisKeys.allUserKeys("back")) {
                assertThat(redis.exists(key)).as(key).isFalse();
            }
        }
    }
}

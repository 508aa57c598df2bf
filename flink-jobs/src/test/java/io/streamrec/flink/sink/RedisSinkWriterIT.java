package io.streamrec.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.interest.UserRepurchase;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

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
        double[] scores = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            scores[i] = items.length - i;
        }
        return new UserRecentItems(user, version, 1000 + version, items, scores, new String[] {items[0]},
                new long[] {1000 + version});
    }

    List<String> stored(String user) {
        return redis.zrevrangeWithScores(RedisKeys.userRecentItems(user), 0, -1).stream().map(Tuple::getElement).toList();
    }

    @Test
    void writesBoughtItemsAndATombstoneDeletesEveryKeyOfTheUser() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            w.write(list("gone", 1, "a", "b").withInterests(new String[] {"garden", "toys"}, new double[] {1.5, 0},
                    new double[] {4, 0.25}), null);
            w.write(list("kept", 1, "c"), null);
            w.flush(false);
            assertThat(redis.zrange(RedisKeys.userBought("gone"), 0, -1)).containsExactly("a");
            assertThat(redis.hgetAll(RedisKeys.userInterests("gone"))).containsEntry("garden", "1.5 4.0")
                    .containsEntry("toys", "0.0 0.25");
            assertThat(redis.exists(RedisKeys.userMeta("gone"))).isTrue();
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
            assertThat(stored("u1")).isEmpty();
            time.setCurrentTime(time.getCurrentProcessingTime() + 50);
            assertThat(stored("u1")).containsExactly("a");
            assertThat(stored("u2")).containsExactly("b", "c");
            assertThat(redis.hget(RedisKeys.userMeta("u2"), RedisKeys.META_RECENT_VERSION)).isEqualTo("1");
            assertThat(redis.ttl(RedisKeys.userRecentItems("u2"))).isBetween(3500L, 3600L);
        }
    }

    @Test
    void flushesWhenTheBatchIsFullAndCoalescesPerUser() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(2)) {
            w.write(list("u1", 1, "a"), null);
            w.write(list("u1", 2, "a", "b"), null); // same user: replaces the buffered write
            assertThat(stored("u1")).isEmpty();
            w.write(list("u2", 1, "z"), null);      // second key: batch full
            assertThat(stored("u1")).containsExactly("a", "b");
            assertThat(stored("u2")).containsExactly("z");
        }
    }

    /** A user's lists as the job publishes them: items with weights, bought items, interests "short long". */
    static UserRecentItems user(String user, long version, Map<String, Double> recent, Map<String, Long> bought,
                                Map<String, double[]> interests) {
        UserRecentItems u = new UserRecentItems(user, version, 5000 + version, recent.keySet().toArray(String[]::new),
                recent.values().stream().mapToDouble(Double::doubleValue).toArray(), bought.keySet().toArray(String[]::new),
                bought.values().stream().mapToLong(Long::longValue).toArray());
        return u.withInterests(interests.keySet().toArray(String[]::new),
                interests.values().stream().mapToDouble(v -> v[0]).toArray(),
                interests.values().stream().mapToDouble(v -> v[1]).toArray());
    }

    /** Redis holds exactly {@code u}'s lists (plus {@code extra} recent members nobody wrote through the sink). */
    void assertStoredAs(UserRecentItems u, String... extra) {
        Map<String, Double> recent = new java.util.HashMap<>();
        for (int i = 0; i < u.items.length; i++) {
            recent.put(u.items[i], u.scores[i]);
        }
        for (String x : extra) {
            recent.put(x, 0.0);
        }
        Map<String, Double> stored = new java.util.HashMap<>();
        redis.zrangeWithScores(RedisKeys.userRecentItems(u.userId), 0, -1).forEach(t -> stored.put(t.getElement(), t.getScore()));
        assertThat(stored).isEqualTo(recent);
        Map<String, Double> bought = new java.util.HashMap<>();
        for (int i = 0; i < u.bought.length; i++) {
            bought.put(u.bought[i], (double) u.boughtTs[i]);
        }
        Map<String, Double> storedBought = new java.util.HashMap<>();
        redis.zrangeWithScores(RedisKeys.userBought(u.userId), 0, -1).forEach(t -> storedBought.put(t.getElement(), t.getScore()));
        assertThat(storedBought).isEqualTo(bought);
        Map<String, String> interests = new java.util.HashMap<>();
        for (int i = 0; i < u.categories.length; i++) {
            interests.put(u.categories[i], RedisKeys.interestValue(u.shortInterest[i], u.longInterest[i]));
        }
        assertThat(redis.hgetAll(RedisKeys.userInterests(u.userId))).isEqualTo(interests);
        assertThat(redis.hmget(RedisKeys.userMeta(u.userId), RedisKeys.META_RECENT_VERSION, RedisKeys.META_RECENT_REF_TS))
                .containsExactly(Long.toString(u.version), Long.toString(u.refTs));
    }

    @Test
    void afterTheFirstWholeWriteOnlyTheChangesAreSentAndRedisEndsAsAWholeWriteWould() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            UserRecentItems v1 = user("u1", 1, Map.of("a", 3.0, "b", 2.0, "c", 1.0), Map.of("a", 900L),
                    Map.of("garden", new double[] {1, 2}, "toys", new double[] {0.5, 1}));
            w.write(v1, null);
            w.flush(false);
            assertStoredAs(v1);
            // a member no write of the sink names: a whole write would delete it, changes leave it
            redis.zadd(RedisKeys.userRecentItems("u1"), 0, "marker");
            // b's weight grows, c leaves (Space-Saving), d comes in; a second purchase; toys fades out, books comes in
            UserRecentItems v2 = user("u1", 2, Map.of("b", 4.0, "a", 3.0, "d", 1.5), Map.of("a", 900L, "d", 950L),
                    Map.of("garden", new double[] {0.9, 1.9}, "books", new double[] {1, 1}));
            w.write(v2, null);
            w.flush(false);
            assertStoredAs(v2, "marker");
            // two events in one flush: the buffered one is replaced, the changes are taken against v2
            w.write(user("u1", 3, Map.of("b", 4.0, "a", 3.0, "d", 1.5, "e", 1.0), Map.of("a", 900L, "d", 950L),
                    Map.of("garden", new double[] {0.8, 1.8}, "books", new double[] {1, 1})), null);
            UserRecentItems v4 = user("u1", 4, Map.of("b", 4.0, "a", 3.0, "e", 2.0), Map.of("a", 1000L, "d", 950L),
                    Map.of("garden", new double[] {0.7, 1.7}));
            w.write(v4, null);
            w.flush(false);
            assertStoredAs(v4, "marker");
            assertThat(redis.ttl(RedisKeys.userRecentItems("u1"))).isBetween(3500L, 3600L);
        }
    }

    @Test
    void aWriterThatRemembersNothingSendsTheChangesSinceTheListsTheOperatorPublishedBefore() throws Exception {
        UserRecentItems v1 = user("u1", 1, Map.of("a", 3.0, "b", 2.0), Map.of(), Map.of("garden", new double[] {1, 2}));
        try (RedisSinkWriter<UserRecentItems> other = writer(100)) { // wrote v1, e.g. before a restart
            other.write(v1, null);
            other.flush(false);
        }
        redis.zadd(RedisKeys.userRecentItems("u1"), 0, "marker"); // gone if a write is whole
        try (RedisSinkWriter<UserRecentItems> w = copyingWriter(100)) {
            UserRecentItems v2 = user("u1", 2, Map.of("a", 3.0, "b", 4.0), Map.of("b", 7L), Map.of("garden", new double[] {1, 2}));
            v2.previous = v1.base();
            w.write(v2, null);
            w.flush(false);
            assertStoredAs(v2, "marker");
            // two records in one flush: the changes since the first one's base, v2, which Redis holds
            UserRecentItems v3 = user("u1", 3, Map.of("a", 5.0, "b", 4.0, "c", 1.0), Map.of("b", 7L), Map.of());
            v3.previous = v2.base();
            UserRecentItems v4 = user("u1", 4, Map.of("c", 6.0, "b", 4.0), Map.of("b", 7L, "c", 8L), Map.of());
            v4.previous = v3.base();
            try (RedisSinkWriter<UserRecentItems> fresh = copyingWriter(100)) {
                fresh.write(v3, null);
                fresh.write(v4, null);
                fresh.flush(false);
            }
            assertStoredAs(v4, "marker");
            // a base Redis does not hold (a write was lost): the user is written whole
            UserRecentItems v6 = user("u1", 6, Map.of("d", 1.0), Map.of(), Map.of());
            v6.previous = user("u1", 5, Map.of("c", 6.0), Map.of(), Map.of());
            try (RedisSinkWriter<UserRecentItems> fresh = copyingWriter(100)) {
                fresh.write(v6, null);
                fresh.flush(false);
            }
            assertStoredAs(v6);
        }
    }

    @Test
    void writesTheUserWholeWhenRedisDoesNotHoldTheVersionTheChangesAreBasedOn() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(100)) {
            w.write(user("u1", 1, Map.of("a", 3.0, "b", 2.0), Map.of(), Map.of("garden", new double[] {1, 2})), null);
            w.flush(false);
            // the API's forget-user deleted the keys, or they expired: there is no base any more
            redis.del(RedisKeys.allUserKeys("u1").toArray(String[]::new));
            UserRecentItems v2 = user("u1", 2, Map.of("a", 3.0, "c", 1.0), Map.of("c", 7L), Map.of("garden", new double[] {1, 2}));
            w.write(v2, null);
            w.flush(false);
            assertStoredAs(v2);
            // Redis moved on without this writer (another writer after a rescale): never rolled back
            redis.hset(RedisKeys.userMeta("u1"), RedisKeys.META_RECENT_VERSION, "9");
            w.write(user("u1", 3, Map.of("z", 1.0), Map.of(), Map.of()), null);
            w.flush(false);
            assertThat(stored("u1")).containsExactly("a", "c");
            assertThat(redis.hget(RedisKeys.userMeta("u1"), RedisKeys.META_RECENT_VERSION)).isEqualTo("9");
        }
    }

    @Test
    void neverOverwritesANewerVersion() throws Exception {
        try (RedisSinkWriter<UserRecentItems> w = writer(1)) {
            w.write(list("u1", 5, "new"), null);
            w.write(list("u1", 3, "old"), null); // a replay after restore
            assertThat(stored("u1")).containsExactly("new");
            w.write(list("u1", 5, "new", "same-version"), null); // equal version: idempotent rewrite allowed
            assertThat(stored("u1")).containsExactly("new", "same-version");
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
            assertThat(storedCycles("u1")).containsExactly("coffee", "tea");
            assertThat(redis.hget(RedisKeys.userMeta("u1"), RedisKeys.META_REBUY_VERSION)).isEqualTo("2");
            assertThat(redis.ttl(RedisKeys.userRebuy("u1"))).isBetween(3500L, 3600L);
            w.write(cycles("u1", 1, "old"), null); // a replay after restore
            assertThat(storedCycles("u1")).containsExactly("coffee", "tea");
            w.write(UserRepurchase.forgotten("u1"), null);
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
            assertThat(redis.hget(RedisKeys.userMeta("back"), RedisKeys.META_RECENT_VERSION)).isEqualTo("1");
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

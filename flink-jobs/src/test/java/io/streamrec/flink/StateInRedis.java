package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.interest.UserLists;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * What the job left in Redis, compared between two runs over the same events: the restore, upgrade,
 * rescale and TaskManager-loss tests all ask whether an interrupted run ends where an uninterrupted
 * one does, with every event applied exactly once.
 */
final class StateInRedis {
    private StateInRedis() {}

    /** The user's published recent items, bought items and interests; empty lists when there are none. */
    static UserLists lists(UnifiedJedis r, String user) {
        byte[] v = r.get(RedisKeys.userLists(user).getBytes(StandardCharsets.UTF_8));
        return v == null ? UserLists.empty(0, 0) : UserLists.decode(v);
    }

    /** The version of the user's published vector (its header: the events it learned from), 0 when there is none. */
    static long vectorVersion(UnifiedJedis r, String user) {
        byte[] v = r.get(RedisKeys.userVector(user).getBytes(StandardCharsets.UTF_8));
        return v == null ? 0 : io.streamrec.core.vector.VectorCodec.version(v);
    }

    /** Events applied so far, summed over the users' published vector versions. */
    static long progress(UnifiedJedis r, Map<String, Long> perUser) {
        long sum = 0;
        for (String u : perUser.keySet()) {
            sum += vectorVersion(r, u);
        }
        return sum;
    }

    /** Every user at its last version, then the item side quiet (no new change-feed entries) for a second. */
    static void awaitDone(UnifiedJedis r, Map<String, Long> perUser) throws InterruptedException {
        long total = perUser.values().stream().mapToLong(Long::longValue).sum();
        await("all events applied", () -> progress(r, perUser) == total, Duration.ofSeconds(180));
        // then the publications still waiting (each on its own clock, up to the default 5 s of
        // model.mf.publish-delay-ms, trending.publish-interval-ms and model.cooc.publish-interval-ms):
        // done once the item feed, the trending lists and the neighbour lists stay put for longer than that
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int last = publishedHash(r);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < PUBLICATION_QUIET.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the publications to settle");
            }
            Thread.sleep(250);
            int now = publishedHash(r);
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Longer than the longest default publication delay (5 s), so nothing is left waiting. */
    static final Duration PUBLICATION_QUIET = Duration.ofSeconds(6);

    /** What the item-keyed operators published: the item feed's length, the trending and neighbour lists. */
    static int publishedHash(UnifiedJedis r) {
        return java.util.Objects.hash(r.xlen(RedisKeys.ITEM_CHANGES), r.zrangeWithScores(RedisKeys.trending("1h"), 0, -1),
                r.zrangeWithScores(RedisKeys.trending("24h"), 0, -1), r.hgetAll(RedisKeys.ITEM_COOCCURRENCE));
    }

    static Optional<Path> latestCheckpoint(Path root) {
        try (Stream<Path> s = Files.walk(root, 2)) {
            List<Path> done = new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata"))).toList());
            return done.stream().max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void await(String what, BooleanSupplier c, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Asserts that run {@code b} ended in the state of run {@code a}: each user's vector at version =
     * its event count and equal to a's, the same recent-interest lists, the same item set with the same
     * update counts (every gradient applied once). With {@code sameOrder} (both runs at parallelism 1 on
     * one partition) item vectors and trending scores must also be equal; otherwise items receive their
     * gradients in another interleaving, so only counts and trending members are compared exactly.
     */
    static void assertSameState(UnifiedJedis a, UnifiedJedis b, Map<String, Long> perUser, int items, boolean sameOrder) {
        for (String user : perUser.keySet()) {
            byte[] va = a.get(RedisKeys.userVector(user).getBytes(StandardCharsets.UTF_8));
            byte[] vb = b.get(RedisKeys.userVector(user).getBytes(StandardCharsets.UTF_8));
            assertThat(VectorCodec.version(vb)).as("events applied to %s", user).isEqualTo(perUser.get(user));
            assertThat(VectorCodec.version(vb)).isEqualTo(VectorCodec.version(va));
            assertClose(VectorCodec.decode(va), VectorCodec.decode(vb), user);
            assertThat(lists(b, user).recentAscending())
                    .as("recent items of %s", user).isEqualTo(lists(a, user).recentAscending());
        }
        for (String window : List.of("1h", "24h")) {
            List<Tuple> ta = a.zrangeWithScores(RedisKeys.trending(window), 0, -1);
            List<Tuple> tb = b.zrangeWithScores(RedisKeys.trending(window), 0, -1);
            if (sameOrder) {
                assertThat(tb).as("trending %s", window).isEqualTo(ta);
            } else {
                Map<String, Double> sa = new HashMap<>();
                ta.forEach(t -> sa.put(t.getElement(), t.getScore()));
                assertThat(tb).as("trending %s", window).hasSameSizeAs(ta);
                for (Tuple t : tb) {
                    assertThat(sa).as("trending %s", window).containsKey(t.getElement());
                    assertThat(t.getScore()).as("trending %s of %s", window, t.getElement())
                            .isCloseTo(sa.get(t.getElement()), org.assertj.core.data.Percentage.withPercentage(1e-4));
                }
            }
        }
        Map<byte[], byte[]> ia = a.hgetAll(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> ib = new HashMap<>();
        b.hgetAll(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8))
                .forEach((k, v) -> ib.put(new String(k, StandardCharsets.UTF_8), v));
        assertThat(ib).hasSize(ia.size()).hasSize(items);
        ia.forEach((k, v) -> {
            String id = new String(k, StandardCharsets.UTF_8);
            assertThat(ib).containsKey(id);
            assertThat(VectorCodec.version(ib.get(id))).as("updates of item %s", id).isEqualTo(VectorCodec.version(v));
            if (sameOrder) {
                assertClose(VectorCodec.decode(v), VectorCodec.decode(ib.get(id)), id);
            }
        });
    }

    static void assertClose(float[] x, float[] y, String what) {
        assertThat(y).as(what).hasSameSizeAs(x);
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - y[i])).as("%s[%d]", what, i).isLessThanOrEqualTo(1e-5f);
        }
    }
}

package io.streamrec.bench;

import io.streamrec.core.interest.UserLists;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;

/** What the serving benchmark writes to Redis before and while it measures: items, catalogue, users, updates. */
final class ServingData {
    private ServingData() {}

    /** HSET the vectors of items {@code from..to-1} in pipelines; with {@code announce}, also on the change feed. */
    static void writeItems(UnifiedJedis redis, int from, int to, int width, SplittableRandom rnd, boolean announce) {
        byte[] vecKey = RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        for (int start = from; start < to; start += 2000) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int i = start; i < Math.min(to, start + 2000); i++) {
                    String id = "item-" + i;
                    p.hset(vecKey, id.getBytes(StandardCharsets.UTF_8), VectorCodec.encode(ScanKernel.randomVector(rnd, width, 0.1f), 1, now));
                    if (announce) {
                        p.xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                                Map.of(RedisKeys.CHANGE_ITEM, id, RedisKeys.CHANGE_VERSION, "1"));
                    }
                }
                p.sync();
            }
        }
    }

    static final int CATEGORIES = 50;

    static String categoryOf(int item) {
        return "category-" + (item % CATEGORIES);
    }

    /**
     * What the shop and the job publish besides vectors: every item in the catalogue with one of 50
     * categories, and trending lists (24h) overall and per category with power-law popularity.
     */
    static void writeCatalogueAndTrending(UnifiedJedis redis, int items, SplittableRandom rnd) {
        long now = System.currentTimeMillis();
        for (int start = 0; start < items; start += 2000) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int i = start; i < Math.min(items, start + 2000); i++) {
                    String id = "item-" + i;
                    p.hset(RedisKeys.ITEM_CATALOG, id, new io.streamrec.core.catalog.CatalogItem(id, categoryOf(i),
                            List.of(), 9.99, true, false, now).toJson());
                    if (i < 20_000) { // the popular head is what trending lists hold
                        double score = io.streamrec.core.decay.LogDecay.add(Double.NEGATIVE_INFINITY, 1000.0 / (1 + i), now,
                                86_400_000d);
                        p.zadd(RedisKeys.trending("24h"), score, id);
                        p.zadd(RedisKeys.trending("24h", categoryOf(i)), score, id);
                    }
                }
                p.sync();
            }
        }
    }

    /** Users with a query vector, recent items and a few bought ones (what the job publishes). */
    static void writeUsers(UnifiedJedis redis, int users, int items, int width, SplittableRandom rnd) {
        for (int start = 0; start < users; start += 500) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int u = start; u < Math.min(users, start + 500); u++) {
                    String id = "user-" + u;
                    float[] q = ScanKernel.randomVector(rnd, width, 1f);
                    q[width - 1] = 1f;
                    // recent items weighted in forward form (only their ratios count), two bought, five interests
                    UserLists lists = UserLists.empty(1, System.currentTimeMillis());
                    Set<String> recent = new HashSet<>();
                    for (int j = 0; j < ServingBench.RECENT_PER_USER; j++) {
                        String item = "item-" + rnd.nextInt(items);
                        if (recent.add(item)) {
                            lists = lists.withRecent(item, j + 1);
                        }
                    }
                    lists = lists.withBought("item-" + rnd.nextInt(items), 1).withBought("item-" + rnd.nextInt(items), 2);
                    Set<String> categories = new HashSet<>();
                    for (int c = 0; c < 5; c++) {
                        String category = categoryOf(rnd.nextInt(CATEGORIES));
                        if (categories.add(category)) {
                            lists = lists.withInterest(category, rnd.nextDouble() * 3, rnd.nextDouble() * 20);
                        }
                    }
                    p.set(RedisKeys.userLists(id).getBytes(StandardCharsets.UTF_8), lists.encode());
                    // the vector's version (its header) is the user's history: 1 to 200 events
                    p.set(RedisKeys.userVector(id).getBytes(StandardCharsets.UTF_8),
                            VectorCodec.encode(q, 1 + rnd.nextInt(200), 0));
                }
                p.sync();
            }
        }
    }

    /** What the job does while the API serves: item vectors rewritten (with the change feed), ~50 per second. */
    static void keepUpdating(UnifiedJedis redis, int items, int width, AtomicBoolean running) {
        SplittableRandom rnd = new SplittableRandom(11);
        String sha = redis.scriptLoad(RedisScripts.WRITE_ITEM_VECTORS.source());
        long version = 2;
        List<String> keys = List.of(RedisKeys.ITEM_VECTORS, RedisKeys.ITEM_CHANGES, RedisKeys.ITEM_CONTEXT_VECTORS);
        byte[][] keyBytes = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        while (running.get()) {
            String id = "item-" + rnd.nextInt(items);
            long now = System.currentTimeMillis();
            long v = version++;
            List<byte[]> args = List.of("1000000".getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8),
                    Long.toString(v).getBytes(StandardCharsets.UTF_8),
                    VectorCodec.encode(ScanKernel.randomVector(rnd, width, 0.1f), v, now),
                    VectorCodec.encode(new float[width - 1], v, now));
            redis.evalsha(sha.getBytes(StandardCharsets.UTF_8), Arrays.asList(keyBytes), args);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.streamrec.api.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * The item index on its own against a real Redis: it loads what is there, follows the change feed,
 * answers the three query styles (dot product, cosine, learned bias) with the catalogue's flags
 * (unavailable and deleted items never, other categories filtered, older entries ignored), and a
 * request's admission agrees with the per-id check.
 */
class ItemIndexTest {
    static final int WIDTH = 4; // three factors and the bias
    static EmbeddedRedis server;
    static UnifiedJedis redis;
    ItemIndex index;
    final AtomicLong lag = new AtomicLong(-1);

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start(Path.of("target/index-test-" + UUID.randomUUID()), 0, false);
        redis = RedisClientFactory.create(new RedisSettings(server.url(), 2000, 4, 500, "index-test"));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @BeforeEach
    void freshRedis() {
        redis.flushAll();
    }

    ItemIndex open() {
        index = new ItemIndex(redis, WIDTH, 1000, 10, 0, new ScanPool(1, 1), lag::set);
        return index;
    }

    static void publish(String id, long version, float... v) {
        redis.hset(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8),
                VectorCodec.encode(v, version, System.currentTimeMillis()));
        redis.xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                Map.of(RedisKeys.CHANGE_ITEM, id, RedisKeys.CHANGE_VERSION, Long.toString(version)));
    }

    static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    static List<String> ids(List<ItemIndex.Scored> scored) {
        return scored.stream().map(ItemIndex.Scored::itemId).toList();
    }

    @Test
    void loadsWhatIsThereThenFollowsTheFeed() throws Exception {
        publish("a", 1, 1, 0, 0, 0);
        try (ItemIndex idx = open()) {
            await("loaded", idx.stats()::loaded);
            assertThat(idx.hasVector("a")).isTrue();
            assertThat(idx.size()).isEqualTo(1);
            publish("b", 1, 0, 1, 0, 0);
            await("b followed from the feed", () -> idx.hasVector("b"));
            await("feed lag reported (after the poll applied b)", () -> lag.get() >= 0);
            assertThat(idx.stats().millisSinceSync()).isBetween(0L, 5_000L);
            publish("a", 2, 0, 0, 1, 0); // a newer version replaces the vector in place
            await("a updated", () -> idx.versionOf("a") == 2);
            // before the update a and b tie at 0 for this query; now a alone scores 1
            assertThat(idx.topK(new float[] {0, 0, 1, 0}, 1, ItemIndex.Filter.NONE))
                    .containsExactly(new ItemIndex.Scored("a", 1f));
            assertThat(idx.size()).isEqualTo(2);
            assertThat(idx.versionOf("never")).isEqualTo(-1);
            assertThat(idx.stats().items()).isEqualTo(2);
        }
    }

    @Test
    void ranksByDotProductAndCosineAndBiasWithTheFilters() throws Exception {
        publish("x1", 1, 1, 0, 0, 0.1f);
        publish("x2", 1, 0.9f, 0.1f, 0, 0.3f);
        publish("y1", 1, 0, 1, 0, 0.2f);
        publish("z1", 1, 0, 0, 1, 0.9f);
        try (ItemIndex idx = open()) {
            await("loaded", () -> idx.size() == 4);
            assertThat(ids(idx.topK(new float[] {1, 0, 0, 0}, 2, ItemIndex.Filter.NONE))).containsExactly("x1", "x2");
            assertThat(ids(idx.topK(new float[] {1, 0, 0, 0}, 2, new ItemIndex.Filter(Set.of("x1"), null))))
                    .containsExactly("x2", "y1");
            assertThat(ids(idx.similar("x1", 1, ItemIndex.Filter.NONE))).containsExactly("x2");
            assertThat(idx.similar("unknown", 1, ItemIndex.Filter.NONE)).isNull();
            assertThat(ids(idx.byBias(4, ItemIndex.Filter.NONE))).containsExactly("z1", "x2", "y1", "x1");
            assertThat(idx.topK(new float[] {1, 0}, 2, ItemIndex.Filter.NONE)).as("a query of the wrong width").isEmpty();
        }
    }

    @Test
    void theCatalogueDecidesWhatMayBeRecommendedAndInWhichCategory() throws Exception {
        publish("x1", 1, 1, 0, 0, 0);
        publish("x2", 1, 0.9f, 0.1f, 0, 0);
        publish("x3", 1, 0.8f, 0.2f, 0, 0);
        try (ItemIndex idx = open()) {
            await("loaded", () -> idx.size() == 3);
            idx.apply(new CatalogItem("x1", "tools", List.of(), null, false, false, 10)); // unavailable
            idx.apply(new CatalogItem("x2", "garden", List.of(), null, true, false, 10));
            idx.apply(new CatalogItem("x3", "tools", List.of(), null, true, false, 10));
            idx.apply(new CatalogItem("x3", "garden", List.of(), null, true, false, 5)); // older: ignored
            // an entry for an item whose vector comes later flags its row when it arrives
            idx.apply(CatalogItem.deletedAt("x4", 10));
            publish("x4", 1, 1, 0, 0, 0);
            await("x4 indexed", () -> idx.hasVector("x4"));

            float[] q = {1, 0, 0, 0};
            assertThat(ids(idx.topK(q, 10, ItemIndex.Filter.NONE))).containsExactly("x2", "x3");
            assertThat(ids(idx.topK(q, 10, new ItemIndex.Filter(Set.of(), "tools")))).containsExactly("x3");
            assertThat(ids(idx.topK(q, 10, new ItemIndex.Filter(Set.of(), "nowhere")))).isEmpty();
            assertThat(idx.categoryOf("x3")).isEqualTo("tools");
            assertThat(idx.categoryOf("x4")).as("deleted").isNull();
            assertThat(idx.categories()).containsExactlyInAnyOrder("tools", "garden");

            List<ItemIndex.ItemFacts> facts = idx.topFacts(q, 10, idx.admission(ItemIndex.Filter.NONE), null);
            assertThat(facts).extracting(ItemIndex.ItemFacts::itemId).containsExactly("x2", "x3");
            assertThat(facts).allSatisfy(f -> assertThat(f.factors()).as("factors only without a category").isNull());
            assertThat(facts.get(1).category()).isEqualTo("tools");

            ItemIndex.Filter noX2 = new ItemIndex.Filter(Set.of("x2"), null);
            ItemIndex.Admission admission = idx.admission(noX2);
            int[] rows = idx.rowsOf(new String[] {"x1", "x2", "x3", "x4", "never"});
            String[] all = {"x1", "x2", "x3", "x4", "never"};
            for (int i = 0; i < all.length; i++) {
                assertThat(admission.admits(rows[i], all[i])).as(all[i]).isEqualTo(idx.admits(all[i], noX2));
            }
            assertThat(idx.admits("never", noX2)).as("an item the catalogue does not know").isTrue();
        }
    }
}

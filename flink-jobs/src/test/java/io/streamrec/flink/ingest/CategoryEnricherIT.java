package io.streamrec.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.stack.EmbeddedRedis;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Events without a category get their item's category from the catalogue, followed through Redis. */
class CategoryEnricherIT {
    static EmbeddedRedis server;
    static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.start(Path.of("target/enricher-redis"), 0, false);
        redis = RedisClientFactory.create(new RedisSettings(server.url(), 2000, 2, 500, "enricher-it"));
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    static void catalogue(CatalogItem item) {
        redis.eval(RedisScripts.WRITE_CATALOG.source(), List.of(RedisKeys.ITEM_CATALOG, RedisKeys.ITEM_CHANGES),
                List.of("1000", item.itemId(), item.toJson()));
    }

    static CatalogItem item(String id, String category) {
        return new CatalogItem(id, category, List.of(), null, true, false, 1);
    }

    @Test
    void fillsMissingCategoriesFromTheCatalogueAndFollowsItsChanges() throws Exception {
        catalogue(item("rake", "garden"));
        InterestSettings settings = InterestSettings.defaults(1, new RedisSettings(server.url(), 2000, 2, 500, "enricher"));
        try (OneInputStreamOperatorTestHarness<Event, Event> h =
                     new OneInputStreamOperatorTestHarness<>(new StreamMap<>(new CategoryEnricher(settings)))) {
            h.open();
            h.processElement(Event.of("u", "rake", EventType.VIEW, 1), 1);
            h.processElement(new Event(null, "u", "rake", EventType.VIEW, 2, null, "tools", null), 2); // its own wins
            h.processElement(Event.of("u", "pan", EventType.VIEW, 3), 3);
            catalogue(item("pan", "kitchen"));
            catalogue(CatalogItem.deletedAt("rake", 2));
            Thread.sleep(20);
            h.processElement(Event.of("u", "pan", EventType.VIEW, 4), 4);
            h.processElement(Event.of("u", "rake", EventType.VIEW, 5), 5);
            List<Event> out = h.extractOutputValues();
            assertThat(out).extracting(e -> e.category).containsExactly("garden", "tools", null, "kitchen", null);
        }
    }
}

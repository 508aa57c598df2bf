package io.streamrec.flink.ingest;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.event.Event;
import io.streamrec.core.vector.ItemVectorFeed;
import io.streamrec.flink.interest.InterestSettings;
import io.streamrec.flink.sink.SharedRedisClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Gives an event without a category its item's category from the shop's catalogue ({@code PUT
 * /v1/items}), which this function follows through the Redis change feed (loaded at start, then read
 * every {@code catalogPollMs}). An event's own category always wins. Items the catalogue does not
 * name stay without a category.
 */
public class CategoryEnricher extends RichMapFunction<Event, Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CategoryEnricher.class);

    private final InterestSettings settings;
    private transient Map<String, String> categories;
    private transient ItemVectorFeed feed;
    private transient UnifiedJedis redis;
    private transient long lastPoll;
    private transient Counter enriched;
    private transient Counter feedErrors;

    public CategoryEnricher(InterestSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        categories = new HashMap<>();
        enriched = getRuntimeContext().getMetricGroup().counter("categoriesFromCatalogue");
        feedErrors = getRuntimeContext().getMetricGroup().counter("catalogueFeedErrors");
        if (settings.catalogPollMs() > 0) {
            redis = SharedRedisClients.acquire(settings.redis());
            feed = new ItemVectorFeed(redis).withCatalog(this::remember);
            try {
                feed.loadAll(null);
            } catch (JedisException e) {
                LOG.warn("category enricher: could not load the catalogue from Redis yet ({})", e.getMessage());
            }
            lastPoll = System.currentTimeMillis();
        }
    }

    private void remember(CatalogItem item) {
        if (item.deleted() || item.category() == null) {
            categories.remove(item.itemId());
        } else {
            categories.put(item.itemId(), item.category());
        }
    }

    @Override
    public Event map(Event e) {
        poll();
        if (e.category != null || e.itemId == null) {
            return e;
        }
        String c = categories.get(e.itemId);
        if (c == null) {
            return e;
        }
        enriched.inc();
        return new Event(e.eventId, e.userId, e.itemId, e.type, e.ts, e.value, c, e.context);
    }

    private void poll() {
        long now = System.currentTimeMillis();
        if (feed == null || now - lastPoll < settings.catalogPollMs()) {
            return;
        }
        lastPoll = now;
        try {
            feed.poll(null);
        } catch (JedisException e) {
            feedErrors.inc();
        }
    }

    @Override
    public void close() {
        if (redis != null) {
            SharedRedisClients.release(settings.redis());
        }
    }
}

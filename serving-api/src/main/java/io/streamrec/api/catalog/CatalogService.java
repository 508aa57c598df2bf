package io.streamrec.api.catalog;

import io.javalin.http.HttpStatus;
import io.streamrec.api.Bodies;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.catalog.CatalogParser;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The shop's catalogue: validated entries written to Redis with the change-feed announcement (one
 * script call per request), then applied to this process's {@link ItemIndex} at once, so a deleted
 * or unavailable item stops being recommended by the next request; other API processes and the job
 * follow the change feed.
 */
public final class CatalogService {
    static final int RETRY_AFTER_SECONDS = 2;

    private final UnifiedJedis redis;
    private final ItemIndex index;
    private final CatalogParser parser = new CatalogParser();
    private final long feedMaxLen;
    private final LongSupplier clock;
    private final ContentIndex content;

    public CatalogService(UnifiedJedis redis, ItemIndex index, long feedMaxLen, LongSupplier clock, ContentIndex content) {
        this.content = content;
        this.redis = redis;
        this.index = index;
        this.feedMaxLen = feedMaxLen;
        this.clock = clock;
    }

    /** PUT: one item, its id from the path. */
    public CatalogEntry put(String itemId, byte[] body) {
        CatalogParser.Result r = parser.parse(Bodies.json(body, "an item object"), itemId, clock.getAsLong());
        if (!r.isValid()) {
            throw ApiException.badRequest(r.reason());
        }
        write(List.of(r.item()));
        return CatalogEntry.of(r.item(), index.hasVector(itemId));
    }

    /** POST: many items (array or JSON Lines); valid ones are stored, invalid ones listed. */
    public CatalogBulkResponse putAll(byte[] body, int maxBatch) {
        List<Bodies.Element> elements = Bodies.bulk(body, maxBatch, "items");
        long now = clock.getAsLong();
        List<CatalogItem> valid = new ArrayList<>();
        List<ApiError.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            Bodies.Element e = elements.get(i);
            CatalogParser.Result r = e.node() == null ? new CatalogParser.Result(null, e.problem())
                    : parser.parse(e.node(), null, now);
            if (r.isValid()) {
                valid.add(r.item());
            } else {
                rejected.add(new ApiError.Rejected(i, r.reason()));
            }
        }
        if (valid.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "no valid item in the request; first problem: item "
                    + rejected.get(0).index() + ": " + rejected.get(0).reason(), rejected, null);
        }
        write(valid);
        return new CatalogBulkResponse(valid.size(), rejected);
    }

    /** DELETE: the item is never recommended again (until PUT again). Idempotent. */
    public void delete(String itemId) {
        write(List.of(CatalogItem.deletedAt(itemId, clock.getAsLong())));
    }

    /** GET: the catalogue entry, 404 when there is none or it was deleted. */
    public CatalogEntry get(String itemId) {
        CatalogItem item = index.catalogItem(itemId);
        if (item == null || item.deleted()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "item '" + itemId + "' is not in the catalogue");
        }
        return CatalogEntry.of(item, index.hasVector(itemId));
    }

    private void write(List<CatalogItem> items) {
        List<String> args = new ArrayList<>(1 + 2 * items.size());
        args.add(Long.toString(feedMaxLen));
        for (CatalogItem item : items) {
            args.add(item.itemId());
            args.add(item.toJson());
        }
        try {
            redis.eval(RedisScripts.WRITE_CATALOG.source(), List.of(RedisKeys.ITEM_CATALOG, RedisKeys.ITEM_CHANGES), args);
        } catch (JedisException e) {
            throw ApiException.unavailable("catalogue not stored, Redis unavailable: " + e.getMessage(),
                    RETRY_AFTER_SECONDS);
        }
        items.forEach(index::apply);
        content.offer(items); // embedded in the background: never waits
    }
}

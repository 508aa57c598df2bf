package io.streamrec.api.recommend;

import io.streamrec.api.catalog.ItemIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Assembles a user's recommendations per request from what the learning job published: the user's
 * query vector (read from Redis at request time, so an event a moment ago already counts) scored
 * against every recommendable item in the in-process {@link ItemIndex}, filtered by category and by
 * what the user already bought or saw.
 *
 * <p>Fallbacks, each marked {@code fallback: true}: users the model does not know yet get the
 * trending list (per category when asked); when Redis is unavailable every user gets the trending
 * lists last read, or else the items with the highest learned bias, all from this process's memory.
 * After a Redis failure the service does not try Redis again for {@link #REDIS_RETRY_MILLIS}, so an
 * outage costs requests no time; recovery is automatic.
 */
public final class RecommendationService {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);
    public static final String MODEL_VERSION = "online-mf-v1";
    static final long REDIS_RETRY_MILLIS = 1000;

    /** What to leave out besides unavailable and deleted items. */
    public enum Exclude {
        /** everything the user interacted with recently, and everything they bought */
        SEEN,
        /** only what they bought */
        BOUGHT,
        /** nothing */
        NONE;

        public static final List<String> NAMES = List.of("seen", "bought", "none");
    }

    /** One request. */
    public record Request(String userId, int k, String category, Exclude exclude, boolean explain) {}

    private final RedisClient redis;
    private final ItemIndex items;
    private final TrendingService trending;
    private final LongSupplier clock;
    private volatile long skipRedisUntil;

    public RecommendationService(RedisClient redis, ItemIndex items, TrendingService trending, LongSupplier clock) {
        this.redis = redis;
        this.items = items;
        this.trending = trending;
        this.clock = clock;
    }

    public RecommendationResponse recommend(Request r) {
        UserState user = clock.getAsLong() < skipRedisUntil ? null : readUser(r);
        if (user == null) {
            return fromMemory(r);
        }
        ItemIndex.Filter filter = new ItemIndex.Filter(user.exclude, r.category());
        if (user.query == null) {
            // a user the model does not know yet: what is trending now (in the category, when asked; the
            // per-category list already holds only that category, as the events named it)
            ItemIndex.Filter listed = new ItemIndex.Filter(user.exclude, null);
            List<ScoredItem> list;
            try {
                list = trending.top("24h", r.category(), r.k(), id -> items.admits(id, listed), r.explain());
            } catch (ApiException e) { // Redis failed between the two reads
                markRedisDown(e);
                list = trending.cached("24h", r.category(), r.k(), id -> items.admits(id, listed), r.explain());
            }
            if (list.isEmpty()) {
                list = byBias(r, filter, "popular");
            }
            return new RecommendationResponse(r.userId(), list, MODEL_VERSION, true);
        }
        List<ScoredItem> out = new ArrayList<>(r.k());
        for (ItemIndex.Scored s : items.topK(user.query, r.k(), filter)) {
            out.add(new ScoredItem(s.itemId(), s.score(),
                    r.explain() ? List.of("fits your recent activity and taste (online factor model)") : null));
        }
        return new RecommendationResponse(r.userId(), out, MODEL_VERSION, false);
    }

    /** The user's query vector (null: unknown user) and the items to leave out; null when Redis failed. */
    private UserState readUser(Request r) {
        try (Pipeline p = redis.pipelined()) {
            Response<byte[]> vector = p.get(RedisKeys.userVector(r.userId()).getBytes(StandardCharsets.UTF_8));
            Response<List<String>> recent = r.exclude() == Exclude.SEEN ? p.zrange(RedisKeys.userRecentItems(r.userId()), 0, -1) : null;
            Response<List<String>> bought = r.exclude() != Exclude.NONE ? p.zrange(RedisKeys.userBought(r.userId()), 0, -1) : null;
            p.sync();
            Set<String> exclude = new HashSet<>();
            if (recent != null) {
                exclude.addAll(recent.get());
            }
            if (bought != null) {
                exclude.addAll(bought.get());
            }
            byte[] encoded = vector.get();
            return new UserState(encoded == null ? null : VectorCodec.decode(encoded), exclude);
        } catch (JedisException e) {
            markRedisDown(e);
            return null;
        }
    }

    private record UserState(float[] query, Set<String> exclude) {}

    private void markRedisDown(RuntimeException e) {
        skipRedisUntil = clock.getAsLong() + REDIS_RETRY_MILLIS;
        LOG.warn("Redis unavailable, serving recommendations from memory for {} ms: {}", REDIS_RETRY_MILLIS, e.getMessage());
    }

    /** Redis is unavailable: the trending list last read, else the model's most popular items. */
    private RecommendationResponse fromMemory(Request r) {
        ItemIndex.Filter filter = new ItemIndex.Filter(Set.of(), r.category());
        List<ScoredItem> list = trending.cached("24h", r.category(), r.k(),
                id -> items.admits(id, ItemIndex.Filter.NONE), false);
        if (r.explain()) {
            list = list.stream().map(s -> new ScoredItem(s.itemId(), s.score(),
                    List.of("trending (served from memory while Redis is unavailable)"))).toList();
        }
        if (list.isEmpty()) {
            list = byBias(r, filter, "popular (served from memory while Redis is unavailable)");
        }
        return new RecommendationResponse(r.userId(), list, MODEL_VERSION, true);
    }

    private List<ScoredItem> byBias(Request r, ItemIndex.Filter filter, String reason) {
        List<ScoredItem> out = new ArrayList<>(r.k());
        for (ItemIndex.Scored s : items.byBias(r.k(), filter)) {
            out.add(new ScoredItem(s.itemId(), s.score(), r.explain() ? List.of(reason) : null));
        }
        return out;
    }
}

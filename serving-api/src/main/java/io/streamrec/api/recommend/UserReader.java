package io.streamrec.api.recommend;

import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads what the learning job published about a user in one Redis round trip: their query vector (so an
 * event a moment ago already counts), their recent and bought items, their category interests and how
 * many events the model learned from them, and, when asked, their re-purchase cycles.
 */
final class UserReader {
    private final UnifiedJedis redis;
    private final UserPseudonyms pseudonyms;
    private final int width;
    private final double shortHalfLifeMillis;
    private final double longHalfLifeMillis;
    private final LongSupplier clock;

    /** {@code width}: the item vectors' width; a user vector of another width is treated as none. */
    UserReader(UnifiedJedis redis, UserPseudonyms pseudonyms, int width, double shortHalfLifeMillis,
               double longHalfLifeMillis, LongSupplier clock) {
        this.redis = redis;
        this.pseudonyms = pseudonyms;
        this.width = width;
        this.shortHalfLifeMillis = shortHalfLifeMillis;
        this.longHalfLifeMillis = longHalfLifeMillis;
        this.clock = clock;
    }

    /**
     * The user of {@code r} (with their recent items' weights when {@code weighted}).
     *
     * @throws redis.clients.jedis.exceptions.JedisException when Redis failed
     * @throws IllegalStateException on a Redis Cluster, when a pipeline's node failed and left its replies unset
     */
    UserState read(RecommendationService.Request r, boolean weighted) {
        String u = pseudonyms.stored(r.userId());
        try (AbstractPipeline p = redis.pipelined()) {
            Response<byte[]> vector = p.get(RedisKeys.userVector(u).getBytes(StandardCharsets.UTF_8));
            Response<List<String>> recent = r.exclude() == RecommendationService.Exclude.SEEN && !weighted
                    ? p.zrange(RedisKeys.userRecentItems(u), 0, -1) : null;
            Response<List<Tuple>> recentWeights = weighted ? p.zrangeWithScores(RedisKeys.userRecentItems(u), 0, -1) : null;
            Response<List<String>> bought = r.exclude() != RecommendationService.Exclude.NONE
                    ? p.zrange(RedisKeys.userBought(u), 0, -1) : null;
            Response<Map<String, String>> interests = p.hgetAll(RedisKeys.userInterests(u));
            Response<List<String>> meta = p.hmget(RedisKeys.userMeta(u), RedisKeys.META_RECENT_REF_TS,
                    RedisKeys.META_VECTOR_VERSION);
            Response<byte[]> rebuy = r.repeats() ? p.get(RedisKeys.userRebuy(u).getBytes(StandardCharsets.UTF_8)) : null;
            p.sync();
            Set<String> exclude = new HashSet<>();
            if (recent != null) {
                exclude.addAll(recent.get());
            }
            if (recentWeights != null && r.exclude() == RecommendationService.Exclude.SEEN) {
                recentWeights.get().forEach(t -> exclude.add(t.getElement()));
            }
            if (bought != null) {
                exclude.addAll(bought.get());
            }
            byte[] encoded = vector.get();
            float[] query = encoded == null ? null : VectorCodec.decode(encoded);
            if (query != null && query.length != width) {
                query = null; // a vector of another model dimension
            }
            long now = clock.getAsLong();
            long refTs = parseLong(meta.get().get(0), now);
            long history = query == null ? 0 : Math.max(1, parseLong(meta.get().get(1), 1)); // a vector means ≥ 1 event
            return new UserState(u, query, exclude,
                    profile(interests.get(), refTs, now, shortHalfLifeMillis, longHalfLifeMillis), history,
                    rebuy == null ? null : BuyAgainService.read(rebuy.get()),
                    recentWeights == null ? List.of() : recentWeights.get());
        }
    }

    /** The interests as published ("short long" at {@code refTs}), decayed to {@code now} (or refTs when later). */
    static InterestProfile profile(Map<String, String> published, long refTs, long now, double shortHalfLifeMillis,
                                   double longHalfLifeMillis) {
        if (published.isEmpty()) {
            return InterestProfile.EMPTY;
        }
        long at = Math.max(now, refTs);
        Map<String, Double> shortW = new HashMap<>();
        Map<String, Double> longW = new HashMap<>();
        published.forEach((category, value) -> {
            double[] v = RedisKeys.parseInterestValue(value);
            if (v != null) { // else not written by the job
                shortW.put(category, CategoryInterests.decayed(v[0], refTs, at, shortHalfLifeMillis));
                longW.put(category, CategoryInterests.decayed(v[1], refTs, at, longHalfLifeMillis));
            }
        });
        return new InterestProfile(shortW, longW);
    }

    static long parseLong(String s, long def) {
        if (s == null) {
            return def;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }
}

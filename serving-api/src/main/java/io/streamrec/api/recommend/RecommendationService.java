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
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Assembles a user's recommendations per request from what the learning job published: the user's
 * query vector (read from Redis at request time, so an event a moment ago already counts) scored
 * against every item vector in the in-process {@link ItemIndex}, leaving out the items the user
 * recently interacted with. Users the model does not know yet get the trending list (decayed
 * popularity over the long window), marked {@code fallback}.
 */
public final class RecommendationService {
    public static final String MODEL_VERSION = "online-mf-v1";
    static final int RETRY_AFTER_SECONDS = 2;

    private final RedisClient redis;
    private final ItemIndex items;
    private final TrendingService trending;

    public RecommendationService(RedisClient redis, ItemIndex items, TrendingService trending) {
        this.redis = redis;
        this.items = items;
        this.trending = trending;
    }

    public RecommendationResponse recommend(String userId, int k, boolean explain) {
        byte[] encoded;
        Set<String> seen;
        try {
            encoded = redis.get(RedisKeys.userVector(userId).getBytes(StandardCharsets.UTF_8));
            seen = encoded == null ? Set.of() : new HashSet<>(redis.zrange(RedisKeys.userRecentItems(userId), 0, -1));
        } catch (JedisException e) {
            throw ApiException.unavailable("Redis unavailable: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        if (encoded == null) {
            // a user the model does not know yet: what is trending now
            return new RecommendationResponse(userId, trending.top("24h", null, k, Set.of(), explain), MODEL_VERSION, true);
        }
        float[] query = VectorCodec.decode(encoded);
        List<ScoredItem> out = new ArrayList<>(k);
        for (ItemIndex.Scored s : items.topK(query, k, seen)) {
            out.add(new ScoredItem(s.itemId(), s.score(),
                    explain ? List.of("fits your recent activity and taste (online factor model)") : null));
        }
        return new RecommendationResponse(userId, out, MODEL_VERSION, false);
    }
}

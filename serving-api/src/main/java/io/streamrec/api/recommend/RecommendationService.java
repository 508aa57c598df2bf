package io.streamrec.api.recommend;

import io.streamrec.api.error.ApiException;
import io.streamrec.core.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * Assembles a user's recommendations from what the Flink job wrote to Redis. The job's first model
 * is the user's time-decayed interest per item ({@code recent-interest-v0}): the items the user
 * interacted with most, weighted by event type and decayed in event time. The learned factor model
 * replaces it (see the online-learning issue).
 */
public final class RecommendationService {
    public static final String MODEL_VERSION = "recent-interest-v0";
    static final int RETRY_AFTER_SECONDS = 2;

    private final RedisClient redis;

    public RecommendationService(RedisClient redis) {
        this.redis = redis;
    }

    public RecommendationResponse recommend(String userId, int k, boolean explain) {
        List<Tuple> top;
        try {
            top = redis.zrevrangeWithScores(RedisKeys.userRecentItems(userId), 0, k - 1);
        } catch (JedisException e) {
            throw ApiException.unavailable("Redis unavailable: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        List<ScoredItem> items = new ArrayList<>(top.size());
        for (Tuple t : top) {
            items.add(new ScoredItem(t.getElement(), t.getScore(),
                    explain ? List.of("you interacted with it recently") : null));
        }
        return new RecommendationResponse(userId, items, MODEL_VERSION, items.isEmpty());
    }
}

package io.streamrec.api.recommend;

import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.interest.UserLists;
import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
            Response<byte[]> encodedLists = p.get(RedisKeys.userLists(u).getBytes(StandardCharsets.UTF_8));
            Response<byte[]> rebuy = r.repeats() ? p.get(RedisKeys.userRebuy(u).getBytes(StandardCharsets.UTF_8)) : null;
            p.sync();
            UserLists lists = decode(encodedLists.get());
            Set<String> exclude = new HashSet<>();
            if (lists != null && r.exclude() == RecommendationService.Exclude.SEEN) {
                exclude.addAll(Arrays.asList(lists.items()));
            }
            if (lists != null && r.exclude() != RecommendationService.Exclude.NONE) {
                exclude.addAll(Arrays.asList(lists.bought()));
            }
            List<Tuple> recent = List.of();
            if (weighted && lists != null) {
                List<Tuple> ascending = new ArrayList<>(lists.items().length);
                lists.recentAscending().forEach(e -> ascending.add(new Tuple(e.getKey(), e.getValue())));
                recent = ascending;
            }
            byte[] encoded = vector.get();
            float[] query = encoded == null ? null : VectorCodec.decode(encoded);
            if (query != null && query.length != width) {
                query = null; // a vector of another model dimension
            }
            // the vector's version (its header) counts the events it learned from: a vector means ≥ 1 event
            long history = query == null ? 0 : Math.max(1, VectorCodec.version(encoded));
            long now = clock.getAsLong();
            return new UserState(u, query, exclude,
                    lists == null ? InterestProfile.EMPTY : profile(lists, now, shortHalfLifeMillis, longHalfLifeMillis),
                    history, rebuy == null ? null : BuyAgainService.read(rebuy.get()), recent);
        }
    }

    /** The lists in {@code encoded}, or null when there are none or they are not lists the job wrote. */
    private static UserLists decode(byte[] encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            return UserLists.decode(encoded);
        } catch (IllegalArgumentException e) {
            return null; // not written by the job: as if there were none
        }
    }

    /** The interests as published (at the lists' {@code refTs}), decayed to {@code now} (or refTs when later). */
    static InterestProfile profile(UserLists lists, long now, double shortHalfLifeMillis, double longHalfLifeMillis) {
        if (lists.categories().length == 0) {
            return InterestProfile.EMPTY;
        }
        long refTs = lists.refTs();
        long at = Math.max(now, refTs);
        Map<String, Double> shortW = new HashMap<>();
        Map<String, Double> longW = new HashMap<>();
        for (int i = 0; i < lists.categories().length; i++) {
            shortW.put(lists.categories()[i], CategoryInterests.decayed(lists.shortInterest()[i], refTs, at, shortHalfLifeMillis));
            longW.put(lists.categories()[i], CategoryInterests.decayed(lists.longInterest()[i], refTs, at, longHalfLifeMillis));
        }
        return new InterestProfile(shortW, longW);
    }
}

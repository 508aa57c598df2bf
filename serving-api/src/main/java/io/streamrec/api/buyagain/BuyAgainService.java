package io.streamrec.api.buyagain;

import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.recommend.ScoredItem;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.core.model.RepurchaseState;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A user's buy-again list: the re-purchase cycles the job published ({@code sr:{u:<id>}:rebuy}) scored
 * at request time with {@link Repurchase}, so an item becomes due without the job writing anything.
 * Unavailable and deleted items never appear. A user without purchases gets what is trending
 * ({@code fallback: true}); so does everyone while Redis is unavailable (the trending list last read).
 */
public final class BuyAgainService {
    private static final Logger LOG = LoggerFactory.getLogger(BuyAgainService.class);
    static final String COLD_START_REASON = "popular right now";

    private final UnifiedJedis redis;
    private final ItemIndex items;
    private final TrendingService trending;
    private final Repurchase model;
    private final LongSupplier clock;
    private final UserPseudonyms pseudonyms;

    public BuyAgainService(UnifiedJedis redis, ItemIndex items, TrendingService trending, Repurchase model,
                           LongSupplier clock, UserPseudonyms pseudonyms) {
        this.redis = redis;
        this.items = items;
        this.trending = trending;
        this.model = model;
        this.clock = clock;
        this.pseudonyms = pseudonyms;
    }

    public BuyAgainResponse buyAgain(String userId, int k) {
        RepurchaseState state;
        try {
            state = read(redis.get(RedisKeys.userRebuy(pseudonyms.stored(userId)).getBytes(StandardCharsets.UTF_8)));
        } catch (JedisException e) {
            LOG.warn("Redis unavailable, buy again from the trending list in memory: {}", e.getMessage());
            return coldStart(userId, trending.cached(TrendingService.LONG_WINDOW, null, k, this::admitted, false));
        }
        List<BuyAgainItem> own = new ArrayList<>(k);
        for (Repurchase.Scored s : ranked(state, clock.getAsLong(), k, null)) {
            own.add(new BuyAgainItem(s.itemId(), s.score(), List.of(Repurchase.reason(s)),
                    s.hasInterval() ? s.intervalMillis() / 86_400_000d : null, s.lastTs()));
        }
        if (!own.isEmpty()) {
            return new BuyAgainResponse(userId, own, false);
        }
        List<ScoredItem> popular;
        try {
            popular = trending.top(TrendingService.LONG_WINDOW, null, k, this::admitted, false);
        } catch (ApiException e) { // Redis went away since the read above
            popular = trending.cached(TrendingService.LONG_WINDOW, null, k, this::admitted, false);
        }
        return coldStart(userId, popular);
    }

    /**
     * The best {@code k} of {@code state}'s items at {@code now} that the catalogue admits (within
     * {@code category} when not null); empty for a null state.
     */
    public List<Repurchase.Scored> ranked(RepurchaseState state, long now, int k, String category) {
        if (state == null) {
            return List.of();
        }
        ItemIndex.Filter filter = category == null ? ItemIndex.Filter.NONE : new ItemIndex.Filter(Set.of(), category);
        return model.topK(state, now, k, id -> items.admits(id, filter));
    }

    /** The state in a stored value; null when there is none or it is not one the job wrote. */
    public static RepurchaseState read(byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            return RepurchaseCodec.decode(stored);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring a re-purchase state that does not decode: {}", e.getMessage());
            return null;
        }
    }

    private boolean admitted(String itemId) {
        return items.admits(itemId, ItemIndex.Filter.NONE);
    }

    private static BuyAgainResponse coldStart(String userId, List<ScoredItem> popular) {
        List<BuyAgainItem> out = new ArrayList<>(popular.size());
        for (ScoredItem s : popular) {
            out.add(new BuyAgainItem(s.itemId(), s.score(), List.of(COLD_START_REASON), null, null));
        }
        return new BuyAgainResponse(userId, out, true);
    }
}

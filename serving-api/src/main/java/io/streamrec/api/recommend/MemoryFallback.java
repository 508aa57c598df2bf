package io.streamrec.api.recommend;

import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.trend.TrendingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The list served while Redis is unavailable, from this process's memory alone: the trending list last
 * read, else the items with the highest learned bias.
 */
final class MemoryFallback {
    static final String TRENDING_REASON = "trending (served from memory while Redis is unavailable)";
    static final String POPULAR_REASON = "popular (served from memory while Redis is unavailable)";

    private final ItemIndex items;
    private final TrendingService trending;

    MemoryFallback(ItemIndex items, TrendingService trending) {
        this.items = items;
        this.trending = trending;
    }

    List<ScoredItem> list(RecommendationService.Request r) {
        List<ScoredItem> list = trending.cached(TrendingService.LONG_WINDOW, r.category(), r.k(),
                id -> items.admits(id, ItemIndex.Filter.NONE), false);
        if (r.explain()) {
            list = list.stream().map(s -> new ScoredItem(s.itemId(), s.score(), List.of(TRENDING_REASON))).toList();
        }
        if (!list.isEmpty()) {
            return list;
        }
        List<ScoredItem> popular = new ArrayList<>(r.k());
        for (ItemIndex.Scored s : items.byBias(r.k(), new ItemIndex.Filter(Set.of(), r.category()))) {
            popular.add(new ScoredItem(s.itemId(), s.score(), r.explain() ? List.of(POPULAR_REASON) : null));
        }
        return popular;
    }
}

package io.streamrec.api.trend;

import io.streamrec.api.recommend.ScoredItem;
import java.util.List;

/** Answer of GET /v1/trending: score = the item's decayed popularity now (event-type weighted). */
public record TrendingResponse(String window, String category, List<ScoredItem> items) {}

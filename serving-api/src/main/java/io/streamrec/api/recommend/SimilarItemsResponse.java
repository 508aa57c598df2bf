package io.streamrec.api.recommend;

import java.util.List;

/** Answer of GET /v1/items/{itemId}/similar: score = cosine similarity (−1…1). */
public record SimilarItemsResponse(String itemId, List<ScoredItem> items, String modelVersion) {}

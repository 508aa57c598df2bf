package io.streamrec.api.recommend;

import java.util.List;

/**
 * Answer of GET /v1/items/{itemId}/similar: score = cosine similarity (−1…1) of the learned vectors
 * ({@code by} = "model") or of the item texts' embeddings ({@code by} = "content").
 */
public record SimilarItemsResponse(String itemId, List<ScoredItem> items, String modelVersion, String by) {}

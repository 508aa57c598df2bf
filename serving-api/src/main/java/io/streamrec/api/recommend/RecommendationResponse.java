package io.streamrec.api.recommend;

import java.util.List;

/**
 * Answer of GET /v1/users/{userId}/recommendations. {@code fallback} is true when the list does not
 * come from the user's own model state (unknown user).
 */
public record RecommendationResponse(String userId, List<ScoredItem> items, String modelVersion, boolean fallback) {}

package io.streamrec.api.recommend;

import java.util.List;

/**
 * Answer of GET /v1/users/{userId}/recommendations. {@code fallback} is true when the list does not
 * come from the user's own model state (unknown user). {@code recId} identifies this answer: clients
 * send it as {@code context.recId} with the impressions, clicks and purchases that follow, so they are
 * attributed to the experiment {@code experiment} and its {@code variant} (both absent outside one).
 */
public record RecommendationResponse(String userId, List<ScoredItem> items, String modelVersion, boolean fallback,
                                     String recId, String experiment, String variant) {

    /** An answer outside any experiment. */
    public RecommendationResponse(String userId, List<ScoredItem> items, String modelVersion, boolean fallback) {
        this(userId, items, modelVersion, fallback, io.streamrec.core.experiment.RecId.next(null, null).toString(), null, null);
    }
}

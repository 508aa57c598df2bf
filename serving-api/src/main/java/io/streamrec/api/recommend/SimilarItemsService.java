package io.streamrec.api.recommend;

import io.javalin.http.HttpStatus;
import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.content.TextSpace;
import io.streamrec.core.kernel.ScanPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Related items by cosine similarity of the learned item vectors, from the in-process index alone; or,
 * for items the model has learned from fewer than {@code minEvents} events ({@code by=auto}) or on request
 * ({@code by=content}), by cosine similarity of the items' text embeddings.
 */
public final class SimilarItemsService {
    /** What the similarity is computed from. */
    public enum By { AUTO, MODEL, CONTENT }

    public static final List<String> BY_NAMES = List.of("auto", "model", "content");

    private final ItemIndex items;
    private final ContentIndex content;
    private final int minEvents;

    public SimilarItemsService(ItemIndex items, ContentIndex content, int minEvents) {
        this.items = items;
        this.content = content;
        this.minEvents = minEvents;
    }

    public SimilarItemsResponse similar(String itemId, int k, String category, boolean explain) {
        return similar(itemId, k, category, explain, By.MODEL);
    }

    public SimilarItemsResponse similar(String itemId, int k, String category, boolean explain, By by) {
        ItemIndex.Filter filter = new ItemIndex.Filter(Set.of(), category);
        if (by == By.CONTENT || (by == By.AUTO && items.versionOf(itemId) < minEvents && content.hasText(itemId))) {
            List<TextSpace.Neighbour> found = content.similar(itemId, k, id -> items.admits(id, filter));
            if (found == null) {
                throw new ApiException(HttpStatus.NOT_FOUND, "item '" + itemId + "' has no text embedding (no title "
                        + "or description in the catalogue, or it is still queued)");
            }
            List<ScoredItem> out = new ArrayList<>(found.size());
            for (TextSpace.Neighbour n : found) {
                out.add(new ScoredItem(n.itemId(), n.similarity(),
                        explain ? List.of("text similar to " + itemId) : null));
            }
            return new SimilarItemsResponse(itemId, out, RecommendationService.MODEL_VERSION, "content");
        }
        List<ItemIndex.Scored> found;
        try (ScanPool.Request inFlight = items.request()) {
            found = items.similar(itemId, k, filter);
        }
        if (found == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "the model has no vector for item '" + itemId
                    + "' yet (it learns one from the item's first events)");
        }
        List<ScoredItem> out = new ArrayList<>(found.size());
        for (ItemIndex.Scored s : found) {
            out.add(new ScoredItem(s.itemId(), s.score(), explain ? List.of("similar to " + itemId) : null));
        }
        return new SimilarItemsResponse(itemId, out, RecommendationService.MODEL_VERSION, "model");
    }
}

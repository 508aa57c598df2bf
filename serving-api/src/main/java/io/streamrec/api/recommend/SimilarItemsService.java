package io.streamrec.api.recommend;

import io.javalin.http.HttpStatus;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.kernel.ScanPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Related items by cosine similarity of the learned item vectors, from the in-process index alone. */
public final class SimilarItemsService {
    private final ItemIndex items;

    public SimilarItemsService(ItemIndex items) {
        this.items = items;
    }

    public SimilarItemsResponse similar(String itemId, int k, String category, boolean explain) {
        List<ItemIndex.Scored> found;
        try (ScanPool.Request inFlight = items.request()) {
            found = items.similar(itemId, k, new ItemIndex.Filter(Set.of(), category));
        }
        if (found == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "the model has no vector for item '" + itemId
                    + "' yet (it learns one from the item's first events)");
        }
        List<ScoredItem> out = new ArrayList<>(found.size());
        for (ItemIndex.Scored s : found) {
            out.add(new ScoredItem(s.itemId(), s.score(), explain ? List.of("similar to " + itemId) : null));
        }
        return new SimilarItemsResponse(itemId, out, RecommendationService.MODEL_VERSION);
    }
}

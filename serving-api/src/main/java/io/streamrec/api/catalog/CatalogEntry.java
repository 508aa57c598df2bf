package io.streamrec.api.catalog;

import io.streamrec.core.catalog.CatalogItem;
import java.util.List;

/** An item as the catalogue endpoints show it; {@code hasVector}: the model has learned it. */
public record CatalogEntry(String itemId, String title, String description, String category, List<String> tags, Double price, boolean available,
                           long updatedAt, boolean hasVector) {

    static CatalogEntry of(CatalogItem c, boolean hasVector) {
        return new CatalogEntry(c.itemId(), c.title(), c.description(), c.category(), c.tags(), c.price(), c.available(), c.updatedAt(),
                hasVector);
    }
}

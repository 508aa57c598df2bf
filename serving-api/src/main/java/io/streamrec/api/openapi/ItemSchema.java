package io.streamrec.api.openapi;

import java.util.List;

/**
 * A catalogue item as documented in the OpenAPI document (validation itself is
 * {@link io.streamrec.core.catalog.CatalogParser}). Only used for documentation.
 */
public record ItemSchema(
        @Doc("1–128 characters; required in POST /v1/items, optional in PUT (must match the path)") String itemId,
        @Doc("optional product name as the shop shows it, at most 200 characters") String title,
        @Doc("optional longer text, at most 5000 characters (line breaks allowed); embedded with the title for text "
                + "similarity and new items' starting vectors") String description,
        @Doc("optional category, at most 128 characters") String category,
        @Doc("optional, at most 50 tags of at most 64 characters") List<String> tags,
        @Doc("optional price, 0 to 1e9") Double price,
        @Doc("default true; false keeps the item out of recommendations") Boolean available) {}

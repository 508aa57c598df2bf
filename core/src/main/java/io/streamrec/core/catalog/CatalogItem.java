package io.streamrec.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.EventJson;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of the shop's catalogue, as stored in {@link io.streamrec.core.redis.RedisKeys#ITEM_CATALOG}
 * (compact JSON) and held in memory by the API and the job. A deleted item keeps an entry with
 * {@code deleted = true} so that every reader of the change feed learns of the deletion.
 *
 * @param title     the product's name as the shop shows it; null when the shop did not say
 * @param description the product's longer text; null when the shop did not say
 * @param category  null when the shop did not say
 * @param tags      never null, possibly empty
 * @param price     null when unknown
 * @param available false: known but not to be recommended (out of stock)
 * @param updatedAt epoch ms of the last write
 */
public record CatalogItem(String itemId, String title, String description, String category, List<String> tags,
                          Double price, boolean available, boolean deleted, long updatedAt) {

    public CatalogItem {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** An item without a description. */
    public CatalogItem(String itemId, String title, String category, List<String> tags, Double price,
                       boolean available, boolean deleted, long updatedAt) {
        this(itemId, title, null, category, tags, price, available, deleted, updatedAt);
    }

    /** An item without a title. */
    public CatalogItem(String itemId, String category, List<String> tags, Double price, boolean available,
                       boolean deleted, long updatedAt) {
        this(itemId, null, null, category, tags, price, available, deleted, updatedAt);
    }

    /** A tombstone: the item was deleted at {@code at}. */
    public static CatalogItem deletedAt(String itemId, long at) {
        return new CatalogItem(itemId, null, List.of(), null, false, true, at);
    }

    /** Whether the item may appear in recommendations. */
    public boolean recommendable() {
        return available && !deleted;
    }

    /** The stored form (the item id is the hash field, not part of the value). */
    public String toJson() {
        ObjectNode n = EventJson.MAPPER.createObjectNode();
        if (title != null) {
            n.put("title", title);
        }
        if (description != null) {
            n.put("description", description);
        }
        if (category != null) {
            n.put("category", category);
        }
        if (!tags.isEmpty()) {
            ArrayNode a = n.putArray("tags");
            tags.forEach(a::add);
        }
        if (price != null) {
            n.put("price", price);
        }
        n.put("available", available);
        if (deleted) {
            n.put("deleted", true);
        }
        n.put("updatedAt", updatedAt);
        try {
            return EventJson.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stored form; null when {@code json} is not a catalogue entry (never throws). */
    public static CatalogItem fromJson(String itemId, String json) {
        try {
            JsonNode n = EventJson.readTree(json);
            if (!n.isObject()) {
                return null;
            }
            List<String> tags = new ArrayList<>();
            if (n.path("tags").isArray()) {
                n.get("tags").forEach(t -> tags.add(t.asText()));
            }
            return new CatalogItem(itemId, n.hasNonNull("title") ? n.get("title").asText() : null,
                    n.hasNonNull("description") ? n.get("description").asText() : null,
                    n.hasNonNull("category") ? n.get("category").asText() : null, tags,
                    n.hasNonNull("price") ? n.get("price").asDouble() : null, n.path("available").asBoolean(true),
                    n.path("deleted").asBoolean(false), n.path("updatedAt").asLong(0));
        } catch (EventJson.InvalidJsonException e) {
            return null;
        }
    }
}

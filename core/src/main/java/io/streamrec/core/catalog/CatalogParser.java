package io.streamrec.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.event.EventParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue's input contract, enforced in one place (like {@link EventParser} for events):
 * {@code {"itemId", "title"?, "description"?, "category"?, "tags"?: [..], "price"?, "available"?}}. Unknown fields are ignored;
 * every rejection names the field and what was expected.
 */
public final class CatalogParser {
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 5000;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_LENGTH = 64;
    public static final double MAX_PRICE = 1e9;

    /** Either a valid item or the reason it was rejected. */
    public record Result(CatalogItem item, String reason) {
        public boolean isValid() {
            return item != null;
        }
    }

    /**
     * Validates one item. {@code pathItemId} is the id from the URL (PUT), or null when the body must
     * carry it (bulk); when both are given they must agree.
     */
    public Result parse(JsonNode n, String pathItemId, long now) {
        if (n == null || !n.isObject()) {
            return new Result(null, "an item must be a JSON object, got " + EventParser.kind(n));
        }
        try {
            String itemId = itemId(n, pathItemId);
            String title = optionalName(n, "title", MAX_TITLE_LENGTH);
            String description = description(n);
            String category = optionalName(n, "category", EventParser.MAX_CATEGORY_LENGTH);
            List<String> tags = tags(n);
            Double price = price(n);
            boolean available = available(n);
            return new Result(new CatalogItem(itemId, title, description, category, tags, price, available, false, now), null);
        } catch (Rejection r) {
            return new Result(null, r.getMessage());
        }
    }

    private static String itemId(JsonNode n, String pathItemId) {
        JsonNode v = n.get("itemId");
        if (v == null || v.isNull()) {
            if (pathItemId == null) {
                throw new Rejection("itemId: required");
            }
            return pathItemId;
        }
        String id = checkedString("itemId", v, EventParser.MAX_ID_LENGTH);
        if (pathItemId != null && !pathItemId.equals(id)) {
            throw new Rejection("itemId: the body says '" + EventParser.abbreviate(id) + "' but the path says '"
                    + EventParser.abbreviate(pathItemId) + "'");
        }
        return id;
    }

    private static String optionalName(JsonNode n, String field, int maxLength) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : checkedString(field, v, maxLength);
    }

    private static String checkedString(String field, JsonNode v, int maxLength) {
        if (!v.isTextual()) {
            throw new Rejection(field + ": must be a string, got " + EventParser.kind(v));
        }
        String problem = EventParser.stringProblem(field, v.textValue(), maxLength);
        if (problem != null) {
            throw new Rejection(problem);
        }
        return v.textValue();
    }

    /** As a name, but line breaks and tabs are allowed (each counts as a character). */
    private static String description(JsonNode n) {
        JsonNode v = n.get("description");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Rejection("description: must be a string, got " + EventParser.kind(v));
        }
        String problem = EventParser.stringProblem("description", v.textValue().replaceAll("[\\n\\r\\t]", " "),
                MAX_DESCRIPTION_LENGTH);
        if (problem != null) {
            throw new Rejection(problem);
        }
        return v.textValue();
    }

    private static List<String> tags(JsonNode n) {
        JsonNode v = n.get("tags");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new Rejection("tags: must be an array of strings, got " + EventParser.kind(v));
        }
        if (v.size() > MAX_TAGS) {
            throw new Rejection("tags: at most " + MAX_TAGS + " tags, got " + v.size());
        }
        List<String> tags = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String tag = checkedString("tags[" + i + "]", v.get(i), MAX_TAG_LENGTH);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static Double price(JsonNode n) {
        JsonNode v = n.get("price");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new Rejection("price: must be a number, got " + EventParser.kind(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || d < 0 || d > MAX_PRICE) {
            throw new Rejection("price: must be between 0 and " + (long) MAX_PRICE + ", got " + v.asText());
        }
        return d;
    }

    private static boolean available(JsonNode n) {
        JsonNode v = n.get("available");
        if (v == null || v.isNull()) {
            return true;
        }
        if (!v.isBoolean()) {
            throw new Rejection("available: must be true or false, got " + EventParser.kind(v));
        }
        return v.booleanValue();
    }

    private static final class Rejection extends RuntimeException {
        Rejection(String message) {
            super(message, null, false, false);
        }
    }
}

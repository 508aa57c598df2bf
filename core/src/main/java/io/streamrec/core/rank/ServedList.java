package io.streamrec.core.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A list as it was served to a user, with each ranked item's blend parts (before learned weights) and
 * segment: what {@link BlendLearner} learns from when the user's next positive event names one of its
 * items ({@link #feedback}). The API publishes one per answer to the events topic, marked by the Kafka
 * header {@link #KAFKA_HEADER} = {@link #KIND}, keyed by the stored user id, so it travels on the user's
 * partition ahead of what the user does next; the job joins them per user. Explored items carry no parts
 * (the blend did not choose them) and are left out.
 */
public record ServedList(String userId, long ts, String recId, long weightsVersion, List<Item> items) {
    /** The Kafka header that marks a record of the events topic as a served list, not an event. */
    public static final String KAFKA_HEADER = "streamrec-record";
    public static final String KIND = "served";
    /** Most items a served list may carry (the API's largest {@code k}). */
    public static final int MAX_ITEMS = 500;
    private static final int MAX_ID = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One ranked item: its parts in {@link BlendLearner#SIGNALS}' order, its segment, and whether it was
     * shown (false: a runner-up, one of the best candidates below the list).
     */
    public record Item(String itemId, int segment, double[] parts, boolean shown) {
        public Item(String itemId, int segment, double[] parts) {
            this(itemId, segment, parts, true);
        }
    }

    /** What one positive event says about the list: the item taken and the others shown with it. */
    public record Feedback(double[] taken, int takenSegment, List<double[]> others, int[] otherSegments) {}

    /**
     * Whether {@code e} answers the list served to its user last: a positive event on an item (a view, click,
     * cart, purchase or good rating, as {@code weights} count them). Impressions, removals and control
     * records do not, so the list waits for what the user does.
     */
    public static boolean answeredBy(Event e, EventWeights weights) {
        return !e.type.isControl() && e.itemId != null && weights.weight(e) > 0;
    }

    /**
     * The feedback of the user taking {@code itemId}: the item (shown or a runner-up) against every other item
     * shown; null when the item is not in the list or nothing else was shown.
     */
    public Feedback feedback(String itemId) {
        Item taken = null;
        int shown = 0;
        for (Item i : items) {
            if (i.itemId.equals(itemId)) {
                taken = i;
            }
            if (i.shown) {
                shown++;
            }
        }
        if (taken == null) {
            return null;
        }
        int n = taken.shown ? shown - 1 : shown;
        if (n == 0) {
            return null;
        }
        List<double[]> others = new ArrayList<>(n);
        int[] segments = new int[n];
        for (Item i : items) {
            if (i.shown && i != taken) {
                segments[others.size()] = i.segment;
                others.add(i.parts);
            }
        }
        return new Feedback(taken.parts, taken.segment, others, segments);
    }

    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("userId", userId);
        o.put("ts", ts);
        if (recId != null) {
            o.put("recId", recId);
        }
        o.put("weightsVersion", weightsVersion);
        ArrayNode a = o.putArray("items");
        for (Item i : items) {
            ObjectNode n = a.addObject();
            n.put("itemId", i.itemId);
            n.put("segment", i.segment);
            if (!i.shown) {
                n.put("shown", false);
            }
            ArrayNode p = n.putArray("parts");
            for (double x : i.parts) {
                p.add((float) x);
            }
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The list in {@code bytes}; anything malformed throws {@link IllegalArgumentException} with the reason. */
    public static ServedList fromJson(byte[] bytes) {
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("served list is not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("served list must be a JSON object");
        }
        String user = text(o, "userId");
        if (!o.path("ts").canConvertToLong()) {
            throw new IllegalArgumentException("served list needs a numeric ts");
        }
        String recId = o.hasNonNull("recId") ? text(o, "recId") : null;
        JsonNode items = o.path("items");
        if (!items.isArray() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("served list needs an items array of at most " + MAX_ITEMS);
        }
        List<Item> out = new ArrayList<>(items.size());
        for (JsonNode n : items) {
            int segment = n.path("segment").asInt(-1);
            if (!n.path("segment").isInt() || segment < 0 || segment >= BlendLearner.SEGMENTS) {
                throw new IllegalArgumentException("served item segment must be in [0, " + BlendLearner.SEGMENTS + ")");
            }
            JsonNode p = n.path("parts");
            if (!p.isArray() || p.size() != BlendLearner.N) {
                throw new IllegalArgumentException("served item needs " + BlendLearner.N + " parts");
            }
            double[] parts = new double[BlendLearner.N];
            for (int k = 0; k < parts.length; k++) {
                parts[k] = p.get(k).asDouble(Double.NaN);
                if (!p.get(k).isNumber() || !Double.isFinite(parts[k])) {
                    throw new IllegalArgumentException("served item parts must be finite numbers");
                }
            }
            out.add(new Item(text(n, "itemId"), segment, parts, n.path("shown").asBoolean(true)));
        }
        return new ServedList(user, o.get("ts").asLong(), recId, o.path("weightsVersion").asLong(0), List.copyOf(out));
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_ID) {
            throw new IllegalArgumentException("served list needs " + field + " as a non-empty string of at most "
                    + MAX_ID + " characters");
        }
        return n.asText();
    }

    public static ServedList fromJson(String json) {
        return fromJson(json.getBytes(StandardCharsets.UTF_8));
    }
}

package io.streamrec.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the event contract: strict (no NaN/Infinity literals, no trailing
 * garbage, no duplicate fields, bounded nesting and string length) and the canonical serialisation
 * of a validated event (timestamps as epoch millis, absent fields omitted).
 */
public final class EventJson {
    /** Deep nesting is never needed by an event; bound it to keep the parser cheap on hostile input. */
    public static final int MAX_NESTING_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(1_000_000)
                .maxNumberLength(64)
                .build());
    }

    private EventJson() {}

    /** Parses JSON text into a tree; throws {@link InvalidJsonException} with a short reason. */
    public static JsonNode readTree(String text) {
        return read(() -> MAPPER.readTree(text));
    }

    /** Parses UTF-8 JSON into a tree; throws {@link InvalidJsonException} with a short reason. */
    public static JsonNode readTree(byte[] utf8) {
        return read(() -> MAPPER.readTree(utf8));
    }

    private interface Reader {
        JsonNode read() throws java.io.IOException;
    }

    private static JsonNode read(Reader reader) {
        try {
            JsonNode node = reader.read();
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException(shortMessage(e));
        } catch (java.io.IOException e) {
            throw new InvalidJsonException(e.getMessage());
        }
    }

    /** Jackson's message without the source excerpt it appends. */
    static String shortMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            m = "malformed JSON";
        }
        m = m.replace('\n', ' ');
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            m += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return m;
    }

    public static ObjectNode toNode(Event e) {
        ObjectNode n = MAPPER.createObjectNode();
        if (e.eventId != null) n.put("eventId", e.eventId);
        n.put("userId", e.userId);
        if (e.itemId != null) n.put("itemId", e.itemId);
        n.put("type", e.type.wireName());
        n.put("ts", e.ts);
        if (e.value != null) n.put("value", e.value);
        if (e.category != null) n.put("category", e.category);
        if (e.context != null) n.set("context", readTree(e.context));
        return n;
    }

    /** The canonical one-line JSON of a valid event (the JSONL line format). */
    public static String toJson(Event e) {
        try {
            return MAPPER.writeValueAsString(toNode(e));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Thrown for text that is not JSON at all. */
    public static final class InvalidJsonException extends RuntimeException {
        public InvalidJsonException(String message) {
            super("invalid JSON: " + message);
        }
    }
}

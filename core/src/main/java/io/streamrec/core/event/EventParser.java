package io.streamrec.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;

/**
 * The single place where the event contract is enforced. The API uses it before anything reaches
 * Kafka; the Flink job uses it again on every record it reads (so records written straight to Kafka
 * are held to the same rules and go to the dead-letter topic with the same reasons).
 *
 * <p>Unknown fields are ignored. Every rejection names the field and what was expected.
 */
public final class EventParser {
    public static final int MAX_EVENT_ID_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_CATEGORY_LENGTH = 128;
    public static final int MAX_CONTEXT_BYTES = 2048;
    public static final double MAX_VALUE = 1e9;
    public static final double MAX_RATING = 5.0;
    /** Timestamps may lie at most this far in the future (clock skew of devices). */
    public static final long MAX_FUTURE_MILLIS = 24L * 60 * 60 * 1000;

    private final LongSupplier clock;
    private final boolean acceptControl;

    /** The parser for clients' events: control records ({@link EventType#isControl()}) are rejected. */
    public EventParser() {
        this(System::currentTimeMillis);
    }

    public EventParser(LongSupplier clock) {
        this(clock, false);
    }

    private EventParser(LongSupplier clock, boolean acceptControl) {
        this.clock = clock;
        this.acceptControl = acceptControl;
    }

    /**
     * The job's parser: also accepts the system's control records (the {@code forget_user}
     * tombstone, which carries no itemId).
     */
    public static EventParser withControlRecords() {
        return new EventParser(System::currentTimeMillis, true);
    }

    /** The tombstone that makes the job forget a user. */
    public static Event forgetUser(String userId, long ts) {
        return new Event(null, userId, null, EventType.FORGET_USER, ts, null, null, null);
    }

    /** Parses one JSON text (one JSONL line). */
    public ParseResult parse(String json) {
        JsonNode node;
        try {
            node = EventJson.readTree(json);
        } catch (EventJson.InvalidJsonException e) {
            return ParseResult.rejected(e.getMessage());
        }
        return parse(node);
    }

    public ParseResult parse(byte[] utf8) {
        if (utf8 == null) {
            return ParseResult.rejected("empty record (null value)");
        }
        JsonNode node;
        try {
            node = EventJson.readTree(utf8);
        } catch (EventJson.InvalidJsonException e) {
            return ParseResult.rejected(e.getMessage());
        }
        return parse(node);
    }

    /** Validates one already-parsed JSON value. */
    public ParseResult parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            return ParseResult.rejected("an event must be a JSON object, got " + kind(n));
        }
        try {
            String eventId = optionalString(n, "eventId", MAX_EVENT_ID_LENGTH);
            String userId = requiredId(n, "userId");
            EventType type = type(n);
            if (type.isControl()) {
                return ParseResult.ok(new Event(eventId, userId, null, type, timestamp(n), null, null, null));
            }
            String itemId = requiredId(n, "itemId");
            long ts = timestamp(n);
            Double value = value(n, type);
            String category = optionalString(n, "category", MAX_CATEGORY_LENGTH);
            String context = context(n);
            return ParseResult.ok(new Event(eventId, userId, itemId, type, ts, value, category, context));
        } catch (Rejection r) {
            return ParseResult.rejected(r.getMessage());
        }
    }

    private static String requiredId(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new Rejection(field + ": required");
        }
        return checkedString(field, v, MAX_ID_LENGTH);
    }

    private static String optionalString(JsonNode n, String field, int maxLength) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return checkedString(field, v, maxLength);
    }

    private static String checkedString(String field, JsonNode v, int maxLength) {
        if (!v.isTextual()) {
            throw new Rejection(field + ": must be a string, got " + kind(v));
        }
        String problem = stringProblem(field, v.textValue(), maxLength);
        if (problem != null) {
            throw new Rejection(problem);
        }
        return v.textValue();
    }

    /**
     * The contract's rule for IDs and names, also used for IDs in URL paths: not blank, at most
     * {@code maxLength} characters (code points), no control or unassigned characters. Returns null
     * when {@code s} is fine, else the reason.
     */
    public static String stringProblem(String field, String s, int maxLength) {
        if (s == null || s.isBlank()) {
            return field + ": must not be empty or blank";
        }
        int codePoints = s.codePointCount(0, s.length());
        if (codePoints > maxLength) {
            return field + ": longer than " + maxLength + " characters (" + codePoints + ")";
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int t = Character.getType(cp);
            if (Character.isISOControl(cp) || t == Character.UNASSIGNED || t == Character.SURROGATE) {
                return field + ": contains a control or invalid character at position " + i;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private EventType type(JsonNode n) {
        JsonNode v = n.get("type");
        if (v == null || v.isNull()) {
            throw new Rejection("type: required, one of " + EventType.wireNames());
        }
        if (!v.isTextual()) {
            throw new Rejection("type: must be a string, got " + kind(v));
        }
        return EventType.fromWire(v.textValue()).filter(t -> acceptControl || !t.isControl()).orElseThrow(() -> new Rejection(
                "type: unknown event type '" + abbreviate(v.textValue()) + "', expected one of " + EventType.wireNames()));
    }

    private long timestamp(JsonNode n) {
        JsonNode v = n.get("ts");
        if (v == null || v.isNull()) {
            throw new Rejection("ts: required (epoch milliseconds or an ISO-8601 date-time with offset)");
        }
        long ts;
        if (v.isNumber()) {
            if (!v.isIntegralNumber()) {
                throw new Rejection("ts: epoch milliseconds must be a whole number, got " + v.asText());
            }
            if (!v.canConvertToLong()) {
                throw new Rejection("ts: out of range");
            }
            ts = v.longValue();
        } else if (v.isTextual()) {
            ts = parseIso(v.textValue());
        } else {
            throw new Rejection("ts: must be epoch milliseconds or an ISO-8601 string, got " + kind(v));
        }
        if (ts < 0) {
            throw new Rejection("ts: negative timestamps are not allowed (" + ts + ")");
        }
        long now = clock.getAsLong();
        if (ts > now + MAX_FUTURE_MILLIS) {
            throw new Rejection("ts: more than 1 day in the future (" + Instant.ofEpochMilli(ts) + ")");
        }
        return ts;
    }

    private static long parseIso(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new Rejection("ts: '" + abbreviate(s)
                    + "' is not an ISO-8601 date-time with offset, e.g. 2024-05-01T12:00:00Z");
        }
    }

    private static Double value(JsonNode n, EventType type) {
        JsonNode v = n.get("value");
        if (v == null || v.isNull()) {
            if (type == EventType.RATING) {
                throw new Rejection("value: required for a rating (0–5)");
            }
            return null;
        }
        if (!v.isNumber()) {
            throw new Rejection("value: must be a number, got " + kind(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new Rejection("value: must be a finite number");
        }
        if (type == EventType.RATING && (d < 0 || d > MAX_RATING)) {
            throw new Rejection("value: a rating must be between 0 and 5, got " + v.asText());
        }
        if (d < 0) {
            throw new Rejection("value: must not be negative, got " + v.asText());
        }
        if (d > MAX_VALUE) {
            throw new Rejection("value: larger than " + (long) MAX_VALUE);
        }
        return d;
    }

    private static String context(JsonNode n) {
        JsonNode v = n.get("context");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new Rejection("context: must be a JSON object, got " + kind(v));
        }
        String json;
        try {
            json = EventJson.MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new Rejection("context: not serialisable");
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CONTEXT_BYTES) {
            throw new Rejection("context: larger than " + MAX_CONTEXT_BYTES + " bytes (" + bytes + ")");
        }
        return json;
    }

    /** How a JSON value is named in messages ("a string", "an array", …). */
    public static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isNull()) return "null";
        if (v.isTextual()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isNumber()) return "a number";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return v.getNodeType().toString().toLowerCase();
    }

    /** The first 40 characters of a client's value for a message, with "…" when cut. */
    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static final class Rejection extends RuntimeException {
        Rejection(String message) {
            super(message, null, false, false);
        }
    }
}

package io.streamrec.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {
    static final long NOW = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    final EventParser parser = new EventParser(() -> NOW);

    @Test
    void parsesFullEventAndIgnoresUnknownFields() {
        ParseResult r = parser.parse("{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"rating\","
                + "\"ts\":\"2023-11-14T12:00:00+01:00\",\"value\":4.5,\"category\":\"Garden\","
                + "\"context\":{\"device\":\"ios\",\"recId\":\"r9\"},\"somethingNew\":[1,2]}");
        assertThat(r.isValid()).as(r.reason()).isTrue();
        Event e = r.event();
        assertThat(e.eventId).isEqualTo("e1");
        assertThat(e.userId).isEqualTo("u1");
        assertThat(e.itemId).isEqualTo("i1");
        assertThat(e.type).isEqualTo(EventType.RATING);
        assertThat(e.ts).isEqualTo(1_699_959_600_000L);
        assertThat(e.value).isEqualTo(4.5);
        assertThat(e.category).isEqualTo("Garden");
        assertThat(e.context).isEqualTo("{\"device\":\"ios\",\"recId\":\"r9\"}");
    }

    @Test
    void canonicalJsonRoundTrips() {
        Event e = parser.parse("{\"userId\":\"ü-ser 😀\",\"itemId\":\"i\",\"type\":\"purchase\",\"ts\":5,\"value\":2}").event();
        String json = EventJson.toJson(e);
        assertThat(json).isEqualTo("{\"userId\":\"ü-ser 😀\",\"itemId\":\"i\",\"type\":\"purchase\",\"ts\":5,\"value\":2.0}");
        assertThat(parser.parse(json).event()).isEqualTo(e);
    }

    @Test
    void oldTimestampsAreLegitimateAndOneDayAheadIsTheLimit() {
        assertThat(parser.parse(ev("\"ts\":0")).isValid()).isTrue();
        assertThat(parser.parse(ev("\"ts\":\"2010-12-01T08:26:00Z\"")).isValid()).isTrue();
        assertThat(parser.parse(ev("\"ts\":" + (NOW + EventParser.MAX_FUTURE_MILLIS))).isValid()).isTrue();
        assertThat(parser.parse(ev("\"ts\":" + (NOW + EventParser.MAX_FUTURE_MILLIS + 1))).reason())
                .startsWith("ts: more than 1 day in the future");
    }

    @Test
    void acceptsEveryEventTypeAClientMaySend() {
        for (EventType t : EventType.values()) {
            if (t.isControl()) {
                continue;
            }
            String extra = t == EventType.RATING ? ",\"value\":3" : "";
            assertThat(parser.parse("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"" + t.wireName() + "\",\"ts\":1" + extra + "}")
                    .isValid()).as(t.wireName()).isTrue();
        }
    }

    @Test
    void theForgetTombstoneIsOnlyForTheJobAndNeedsNoItem() {
        String tombstone = EventJson.toJson(EventParser.forgetUser("u1", 5));
        assertThat(tombstone).isEqualTo("{\"userId\":\"u1\",\"type\":\"forget_user\",\"ts\":5}");
        assertThat(parser.parse(tombstone).reason()).startsWith("type: unknown event type 'forget_user', expected one of view,")
                .doesNotContain("forget_user, ").doesNotEndWith("forget_user");
        ParseResult r = EventParser.withControlRecords().parse(tombstone);
        assertThat(r.isValid()).isTrue();
        assertThat(r.event()).isEqualTo(EventParser.forgetUser("u1", 5));
        assertThat(EventParser.withControlRecords().parse("{\"type\":\"forget_user\",\"ts\":5}").reason())
                .isEqualTo("userId: required");
    }

    static String ev(String tsPart) {
        return "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"," + tsPart + "}";
    }

    static Stream<Arguments> invalid() {
        String big = "x".repeat(129);
        return Stream.of(
                Arguments.of("not JSON", "{", "invalid JSON"),
                Arguments.of("trailing garbage", "{\"userId\":\"u\"} x", "invalid JSON"),
                Arguments.of("NaN literal", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1,\"value\":NaN}", "invalid JSON"),
                Arguments.of("duplicate field", "{\"userId\":\"u\",\"userId\":\"v\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "invalid JSON"),
                Arguments.of("array instead of object", "[1]", "an event must be a JSON object, got an array"),
                Arguments.of("string instead of object", "\"event\"", "an event must be a JSON object, got a string"),
                Arguments.of("missing userId", "{\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: required"),
                Arguments.of("null userId", "{\"userId\":null,\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: required"),
                Arguments.of("numeric userId", "{\"userId\":42,\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: must be a string, got a number"),
                Arguments.of("empty userId", "{\"userId\":\"\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: must not be empty"),
                Arguments.of("blank itemId", "{\"userId\":\"u\",\"itemId\":\"  \",\"type\":\"view\",\"ts\":1}", "itemId: must not be empty"),
                Arguments.of("oversize userId", "{\"userId\":\"" + big + "\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: longer than 128 characters (129)"),
                Arguments.of("oversize itemId", "{\"userId\":\"u\",\"itemId\":\"" + big + "\",\"type\":\"view\",\"ts\":1}", "itemId: longer than 128"),
                Arguments.of("control char in id", "{\"userId\":\"a\\u0000b\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: contains a control"),
                Arguments.of("lone surrogate in id", "{\"userId\":\"a\\ud800b\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", "userId: contains a control or invalid character"),
                Arguments.of("object itemId", "{\"userId\":\"u\",\"itemId\":{},\"type\":\"view\",\"ts\":1}", "itemId: must be a string, got an object"),
                Arguments.of("missing type", "{\"userId\":\"u\",\"itemId\":\"i\",\"ts\":1}", "type: required"),
                Arguments.of("unknown type", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"like\",\"ts\":1}", "type: unknown event type 'like'"),
                Arguments.of("upper-case type", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"VIEW\",\"ts\":1}", "type: unknown event type"),
                Arguments.of("missing ts", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}", "ts: required"),
                Arguments.of("negative ts", ev("\"ts\":-1"), "ts: negative timestamps are not allowed"),
                Arguments.of("fractional ts", ev("\"ts\":1.5"), "ts: epoch milliseconds must be a whole number"),
                Arguments.of("huge ts", ev("\"ts\":123456789012345678901234567890"), "ts: out of range"),
                Arguments.of("future ts", ev("\"ts\":" + (NOW + 2 * EventParser.MAX_FUTURE_MILLIS)), "ts: more than 1 day in the future"),
                Arguments.of("future ISO ts", ev("\"ts\":\"2099-01-01T00:00:00Z\""), "ts: more than 1 day in the future"),
                Arguments.of("ISO without offset", ev("\"ts\":\"2023-11-14T12:00:00\""), "is not an ISO-8601 date-time with offset"),
                Arguments.of("date only", ev("\"ts\":\"2023-11-14\""), "is not an ISO-8601 date-time with offset"),
                Arguments.of("boolean ts", ev("\"ts\":true"), "ts: must be epoch milliseconds or an ISO-8601 string, got a boolean"),
                Arguments.of("string value", ev("\"ts\":1,\"value\":\"3\""), "value: must be a number, got a string"),
                Arguments.of("infinite value", ev("\"ts\":1,\"value\":1e400"), "value: must be a finite number"),
                Arguments.of("negative quantity", ev("\"ts\":1,\"value\":-2"), "value: must not be negative"),
                Arguments.of("rating without value", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"ts\":1}", "value: required for a rating"),
                Arguments.of("rating above 5", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"ts\":1,\"value\":6}", "value: a rating must be between 0 and 5"),
                Arguments.of("oversize category", ev("\"ts\":1,\"category\":\"" + big + "\""), "category: longer than 128"),
                Arguments.of("numeric category", ev("\"ts\":1,\"category\":7"), "category: must be a string"),
                Arguments.of("oversize eventId", ev("\"ts\":1,\"eventId\":\"" + "e".repeat(65) + "\""), "eventId: longer than 64"),
                Arguments.of("array context", ev("\"ts\":1,\"context\":[1]"), "context: must be a JSON object, got an array"),
                Arguments.of("oversize context", ev("\"ts\":1,\"context\":{\"a\":\"" + "y".repeat(3000) + "\"}"), "context: larger than 2048 bytes"),
                Arguments.of("deep nesting", ev("\"ts\":1,\"context\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40)), "invalid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithAClearReason(String name, String json, String reasonStart) {
        ParseResult r = parser.parse(json);
        assertThat(r.isValid()).as("accepted %s", json).isFalse();
        assertThat(r.reason()).contains(reasonStart);
    }

    @Test
    void nullAndGarbageBytesAreRejectedNotThrown() {
        assertThat(parser.parse((byte[]) null).reason()).contains("null value");
        assertThat(parser.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0}).isValid()).isFalse();
        assertThat(parser.parse(new byte[0]).reason()).contains("empty");
    }
}

package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.streamrec.core.event.EventJson;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed events and requests (bad JSON, bad ids, bad k, bad catalogue items, missing or wrong API
 * keys), each with the status and the message the client must get, always in the {title, status,
 * detail} shape, never with a stack trace, never reaching Kafka.
 */
class BadRequestTableTest {
    static final String LONG = "x".repeat(129);

    static String ev(String fields) {
        return "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1" + fields + "}";
    }

    static Arguments post(String name, String body, int status, String detail) {
        return req(name, "POST", "/v1/events", body, TestApi.WRITE_KEY, status, detail);
    }

    static Arguments get(String name, String path, int status, String detail) {
        return req(name, "GET", path, null, null, status, detail);
    }

    /** A catalogue request with the admin key. */
    static Arguments admin(String name, String method, String path, String body, int status, String detail) {
        return req(name, method, path, body, TestApi.ADMIN_KEY, status, detail);
    }

    static Arguments req(String name, String method, String path, String body, String key, int status, String detail) {
        return Arguments.of(name, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), key, status, detail);
    }

    static Stream<Arguments> cases() {
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append(ev(""));
        }
        tooMany.append("]");
        String tenMegabytes = "[" + ev(",\"category\":\"" + "c".repeat(10 * 1024 * 1024) + "\"") + "]";
        return Stream.of(
                post("bad JSON", "{\"userId\":", 400, "invalid JSON"),
                post("empty body", "", 400, "empty body"),
                post("whitespace body", "   ", 400, "invalid JSON: empty body"),
                post("empty array", "[]", 400, "empty array"),
                post("JSON string", "\"hello\"", 400, "must be an event object or an array of events, got string"),
                post("JSON number", "42", 400, "got number"),
                post("JSON null", "null", 400, "got null"),
                post("trailing garbage", ev("") + " }", 400, "invalid JSON"),
                post("duplicate field", "{\"userId\":\"a\",\"userId\":\"b\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 400, "invalid JSON: Duplicate field 'userId'"),
                post("NaN literal", ev(",\"value\":NaN"), 400, "invalid JSON"),
                post("deep nesting", ev(",\"context\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(50)), 400, "invalid JSON"),
                post("missing userId", "{\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 400, "userId: required"),
                post("numeric userId", "{\"userId\":7,\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 400, "userId: must be a string, got a number"),
                post("oversize userId", "{\"userId\":\"" + LONG + "\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 400, "userId: longer than 128 characters (129)"),
                post("oversize unicode itemId", "{\"userId\":\"u\",\"itemId\":\"" + "😀".repeat(129) + "\",\"type\":\"view\",\"ts\":1}", 400, "itemId: longer than 128 characters (129)"),
                post("control character in userId", "{\"userId\":\"a\\nb\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 400, "userId: contains a control or invalid character"),
                post("unknown type", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"wishlist\",\"ts\":1}", 400, "type: unknown event type 'wishlist'"),
                post("missing ts", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}", 400, "ts: required"),
                post("negative ts", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":-1000}", 400, "ts: negative timestamps are not allowed"),
                post("future ts", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":\"2999-01-01T00:00:00Z\"}", 400, "ts: more than 1 day in the future"),
                post("fractional ts", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1.25}", 400, "ts: epoch milliseconds must be a whole number"),
                post("ISO ts without offset", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":\"2024-01-01T10:00:00\"}", 400, "is not an ISO-8601 date-time with offset"),
                post("string value NaN", ev(",\"value\":\"NaN\""), 400, "value: must be a number, got a string"),
                post("infinite value", ev(",\"value\":1e999"), 400, "value: must be a finite number"),
                post("negative quantity", ev(",\"value\":-3"), 400, "value: must not be negative"),
                post("rating out of range", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"ts\":1,\"value\":7}", 400, "value: a rating must be between 0 and 5"),
                post("rating without value", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"ts\":1}", 400, "value: required for a rating"),
                post("context not an object", ev(",\"context\":\"ios\""), 400, "context: must be a JSON object, got a string"),
                post("oversize context", ev(",\"context\":{\"k\":\"" + "v".repeat(3000) + "\"}"), 400, "context: larger than 2048 bytes"),
                post("oversize category", ev(",\"category\":\"" + LONG + "\""), 400, "category: longer than 128"),
                post("oversize eventId", ev(",\"eventId\":\"" + "e".repeat(65) + "\""), 400, "eventId: longer than 64"),
                post("1001 events", tooMany.toString(), 400, "too many events in one request: 1001 (at most 1000)"),
                post("array of numbers", "[1,2]", 400, "no valid event in the request; first problem: event 0: an event must be a JSON object, got a number"),
                post("array of invalid events", "[" + ev(",\"value\":-1") + ",{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"x\",\"ts\":1}]", 400, "no valid event in the request; first problem: event 0: value: must not be negative"),
                Arguments.of("invalid UTF-8", "POST", "/v1/events", new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'}, TestApi.WRITE_KEY, 400, "invalid JSON"),
                post("tombstone sent by a client", "{\"userId\":\"u\",\"type\":\"forget_user\",\"ts\":1}", 400, "type: unknown event type 'forget_user'"),
                post("10 MB body", tenMegabytes, 413, "larger than the limit of 4194304 bytes"),
                get("k zero", "/v1/users/u/recommendations?k=0", 400, "k: must be between 1 and 500, got 0"),
                get("k negative", "/v1/users/u/recommendations?k=-5", 400, "k: must be between 1 and 500, got -5"),
                get("k huge", "/v1/users/u/recommendations?k=1000000", 400, "k: must be between 1 and 500"),
                get("k overflow", "/v1/users/u/recommendations?k=99999999999999999999", 400, "k: must be a whole number"),
                get("k not a number", "/v1/users/u/recommendations?k=ten", 400, "k: must be a whole number, got 'ten'"),
                get("k empty", "/v1/users/u/recommendations?k=", 400, "k: must be a whole number"),
                get("explain not boolean", "/v1/users/u/recommendations?explain=maybe", 400, "explain: must be true or false"),
                get("include unknown", "/v1/users/u/recommendations?include=all", 400, "include: must be repeats, got 'all'"),
                get("buy-again: k zero", "/v1/users/u/buy-again?k=0", 400, "k: must be between 1 and 500, got 0"),
                get("buy-again: k huge", "/v1/users/u/buy-again?k=501", 400, "k: must be between 1 and 500, got 501"),
                get("buy-again: k not a number", "/v1/users/u/buy-again?k=ten", 400, "k: must be a whole number, got 'ten'"),
                get("buy-again: blank userId", "/v1/users/%20/buy-again", 400, "userId: must not be empty or blank"),
                get("oversize userId in path", "/v1/users/" + LONG + "/recommendations", 400, "userId: longer than 128 characters"),
                get("blank userId in path", "/v1/users/%20%20/recommendations", 400, "userId: must not be empty or blank"),
                get("control character in path", "/v1/users/a%07b/recommendations", 400, "userId: contains a control"),
                get("trending: unknown window", "/v1/trending?window=7d", 400, "window: must be 1h or 24h, got '7d'"),
                get("trending: k zero", "/v1/trending?k=0", 400, "k: must be between 1 and 500, got 0"),
                get("trending: oversize category", "/v1/trending?category=" + LONG, 400, "category: longer than 128"),
                get("trending: blank category", "/v1/trending?category=%20", 400, "category: must not be empty or blank"),
                get("seed not a number", "/v1/users/u/recommendations?seed=abc", 400, "seed: must be a whole number, got 'abc'"),
                get("seed too large", "/v1/users/u/recommendations?seed=99999999999999999999", 400, "seed: must be a whole number"),
                get("exclude unknown", "/v1/users/u/recommendations?exclude=all", 400, "exclude: must be seen or bought or none, got 'all'"),
                get("category blank", "/v1/users/u/recommendations?category=%20", 400, "category: must not be empty or blank"),
                get("category oversize", "/v1/users/u/recommendations?category=" + LONG, 400, "category: longer than 128"),
                get("similar: k zero", "/v1/items/i/similar?k=0", 400, "k: must be between 1 and 500, got 0"),
                get("similar: oversize itemId", "/v1/items/" + LONG + "/similar", 400, "itemId: longer than 128 characters"),
                get("similar: unknown item", "/v1/items/nothing/similar", 404, "the model has no vector for item 'nothing'"),
                get("catalogue: unknown item", "/v1/items/nothing", 404, "item 'nothing' is not in the catalogue"),
                admin("catalogue: bad JSON", "PUT", "/v1/items/i", "{\"category\":", 400, "invalid JSON"),
                admin("catalogue: empty body", "PUT", "/v1/items/i", "", 400, "empty body: send an item object"),
                admin("catalogue: not an object", "PUT", "/v1/items/i", "[1]", 400, "an item must be a JSON object, got an array"),
                admin("catalogue: itemId mismatch", "PUT", "/v1/items/i", "{\"itemId\":\"j\"}", 400, "itemId: the body says 'j' but the path says 'i'"),
                admin("catalogue: title not a string", "PUT", "/v1/items/i", "{\"title\":[\"rake\"]}", 400, "title: must be a string, got an array"),
                admin("catalogue: oversize title", "PUT", "/v1/items/i", "{\"title\":\"" + "t".repeat(201) + "\"}", 400, "title: longer than 200 characters"),
                admin("catalogue: blank title", "PUT", "/v1/items/i", "{\"title\":\" \"}", 400, "title: must not be empty or blank"),
                admin("catalogue: description not a string", "PUT", "/v1/items/i", "{\"description\":7}", 400, "description: must be a string, got a number"),
                admin("catalogue: oversize description", "PUT", "/v1/items/i", "{\"description\":\"" + "d".repeat(5001) + "\"}", 400, "description: longer than 5000 characters"),
                admin("catalogue: control character in description", "PUT", "/v1/items/i", "{\"description\":\"a\\u0000b\"}", 400, "description: contains a control or invalid character"),
                admin("catalogue: category not a string", "PUT", "/v1/items/i", "{\"category\":5}", 400, "category: must be a string, got a number"),
                admin("catalogue: tags not an array", "PUT", "/v1/items/i", "{\"tags\":\"red\"}", 400, "tags: must be an array of strings, got a string"),
                admin("catalogue: 51 tags", "PUT", "/v1/items/i", "{\"tags\":[" + "\"t\",".repeat(50) + "\"t\"]}", 400, "tags: at most 50 tags, got 51"),
                admin("catalogue: oversize tag", "PUT", "/v1/items/i", "{\"tags\":[\"" + "t".repeat(65) + "\"]}", 400, "tags[0]: longer than 64 characters"),
                admin("catalogue: negative price", "PUT", "/v1/items/i", "{\"price\":-0.5}", 400, "price: must be between 0 and 1000000000, got -0.5"),
                admin("catalogue: price as text", "PUT", "/v1/items/i", "{\"price\":\"9.99\"}", 400, "price: must be a number, got a string"),
                admin("catalogue: available as text", "PUT", "/v1/items/i", "{\"available\":\"yes\"}", 400, "available: must be true or false, got a string"),
                admin("catalogue: bulk without itemId", "POST", "/v1/items", "[{\"category\":\"c\"}]", 400, "no valid item in the request; first problem: item 0: itemId: required"),
                admin("catalogue: bulk empty array", "POST", "/v1/items", "[]", 400, "empty array: send at least one of items"),
                admin("catalogue: bulk all bad lines", "POST", "/v1/items", "oops\n{\"itemId\":7}\n", 400, "no valid item in the request; first problem: item 0: invalid JSON"),
                admin("catalogue: bulk too large", "POST", "/v1/items", "{\"itemId\":\"a\"}\n".repeat(1001), 400, "too many items in one request: more than 1000 (at most 1000)"),
                admin("catalogue: delete blank id", "DELETE", "/v1/items/%20", null, 400, "itemId: must not be empty or blank"),
                admin("users: delete oversize id", "DELETE", "/v1/users/" + LONG, null, 400, "userId: longer than 128 characters"),
                req("events without a key", "POST", "/v1/events", ev(""), null, 401, "this endpoint needs an API key in the X-API-Key header"),
                req("events with a wrong key", "POST", "/v1/events", ev(""), "not-a-key-of-ours-at-all", 401, "unknown API key"),
                req("events with an absurdly long key", "POST", "/v1/events", ev(""), "k".repeat(5000), 401, "unknown API key"),
                req("catalogue with a write key", "PUT", "/v1/items/i", "{}", TestApi.WRITE_KEY, 403, "an admin key is needed"),
                req("catalogue without a key", "POST", "/v1/items", "[]", null, 401, "needs an API key"),
                req("forget user with a write key", "DELETE", "/v1/users/u", null, TestApi.WRITE_KEY, 403, "an admin key is needed"),
                get("unknown route", "/v1/nothing-here", 404, "no such resource: GET /v1/nothing-here"),
                req("wrong method", "PUT", "/v1/events", "{}", TestApi.WRITE_KEY, 405, "PUT is not allowed on /v1/events"));
    }

    @ParameterizedTest(name = "{0} -> {5}")
    @MethodSource("cases")
    void answersWithStatusAndReason(String name, String method, String path, byte[] body, String key, int status,
                                    String detail) {
        TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            Response r = client.request(path, b -> {
                HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body);
                switch (method) {
                    case "POST" -> b.post(p).header("Content-Type", "application/json");
                    case "PUT" -> b.put(p);
                    case "DELETE" -> b.delete(p);
                    default -> b.get();
                }
                if (key != null) {
                    b.header("X-API-Key", key);
                }
            });
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(status);
            JsonNode e = EventJson.MAPPER.readTree(text);
            assertThat(e.get("status").asInt()).isEqualTo(status);
            assertThat(e.get("title").asText()).isNotBlank();
            assertThat(e.get("detail").asText()).contains(detail);
            assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(publisher.published).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validUnicode")
    void unicodeIdsAreAccepted(String name, String userId) {
        TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            Response r = TestApi.postRaw(client, "/v1/events",
                    "{\"userId\":\"" + userId + "\",\"itemId\":\"Ärmel-👕\",\"type\":\"view\",\"ts\":1}");
            assertThat(r.code()).isEqualTo(202);
            assertThat(publisher.published).singleElement().satisfies(ev -> assertThat(ev.userId).isEqualTo(userId));
        });
    }

    static Stream<Arguments> validUnicode() {
        return Stream.of(Arguments.of("japanese", "ユーザー"), Arguments.of("emoji", "😀".repeat(128)),
                Arguments.of("arabic", "مستخدم"), Arguments.of("with colon and braces", "u:{1}"));
    }
}

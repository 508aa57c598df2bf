package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.streamrec.api.auth.UserTokens;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.rank.RankConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any body, path segment and query parameter at the HTTP layer, with a secret key, a publishable key
 * and a user token or none: the API answers every request with a status below 500 and the shared
 * error shape, never a stack trace. Seeds in src/test/resources/io/streamrec/api/HttpFuzzTestInputs.
 */
class HttpFuzzTest {
    static final String TOKEN_SECRET = "0123456789abcdef0123456789abcdef";
    static final List<String> ROUTES = List.of("POST /v1/events", "POST /v1/events/beacon", "POST /v1/items",
            "PUT /v1/items/{id}", "GET /v1/items/{id}", "DELETE /v1/items/{id}", "GET /v1/users/{id}/recommendations",
            "GET /v1/items/{id}/similar", "GET /v1/trending", "POST /v1/anonymous", "DELETE /v1/users/{id}",
            "GET /v1/users/{id}/buy-again", "PUT /v1/experiments/{id}", "GET /v1/experiments/{id}",
            "POST /v1/experiments/{id}/stop", "GET /v1/experiments/{id}/results", "GET /v1/experiments/{id}/assignment",
            "GET /v1/ops/stats", "GET /console/{id}");
    static Javalin app;
    static SilentCloseable loopbackOnly;
    static String previous;
    static HttpClient http;

    @BeforeAll
    static void start() {
        var auth = new io.streamrec.api.auth.AuthSettings(List.of(WebClientAccessTest.PK),
                java.util.EnumSet.of(io.streamrec.core.event.EventType.VIEW), 1_000_000, List.of(WebClientAccessTest.SHOP),
                java.util.Map.of("k1", TOKEN_SECRET.getBytes(StandardCharsets.UTF_8)), 3600, false, false);
        app = TestApi.app(TestApi.settings(RankConfig.modelOnly(), List.of(), auth), new TestApi.RecordingPublisher(),
                TestApi.redis(), List.of(), TestApi.newIndex()).start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        app.stop();
        // experiments are global: none the fuzzer defined may change later tests' rankings
        TestApi.redis().del(io.streamrec.core.redis.RedisKeys.EXPERIMENTS);
        if (loopbackOnly != null) {
            loopbackOnly.close();
        }
    }

    /** A header as a client would send it; values no HTTP client can send (CR, LF, NUL) are left out. */
    static void header(HttpRequest.Builder b, String name, String value) {
        try {
            b.header(name, value);
        } catch (IllegalArgumentException notSendable) {
            // the fuzzer's bytes are not a header value; the request goes without it
        }
    }

    @FuzzTest(maxDuration = "10s")
    void answersAnyRequestWithoutA5xxOrAStackTrace(FuzzedDataProvider data) throws Exception {
        if (loopbackOnly == null) {
            // the API, its Redis and this client talk over loopback, which Jazzer's SSRF detector would flag;
            // the pom lets every connection through until this line (JAZZER_SSRF_PERMISSIVE_UNTIL_CONFIGURED)
            loopbackOnly = BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1")
                    || host.equals("localhost"));
        }
        String route = data.pickValue(ROUTES);
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{id}", URLEncoder.encode(data.consumeString(200), StandardCharsets.UTF_8).replace("+", "%20"));
        StringBuilder query = new StringBuilder();
        for (String p : List.of("k", "category", "exclude", "explain", "seed", "window", "winner", "userId", "include")) {
            if (data.consumeBoolean()) {
                query.append(query.length() == 0 ? '?' : '&').append(p).append('=')
                        .append(URLEncoder.encode(data.consumeString(40), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path + query))
                .timeout(Duration.ofSeconds(10));
        switch (data.consumeInt(0, 3)) {
            case 1 -> b.header("X-API-Key", TestApi.ADMIN_KEY);
            case 2 -> b.header("X-API-Key", WebClientAccessTest.PK).header("Origin", WebClientAccessTest.SHOP);
            case 3 -> header(b, "X-API-Key", data.consumeAsciiString(40));
            default -> { }
        }
        if (data.consumeBoolean()) {
            header(b, "Authorization", "Bearer " + (data.consumeBoolean()
                    ? UserTokens.sign("k1", TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), data.consumeString(40),
                    System.currentTimeMillis() / 1000 + 60) : data.consumeAsciiString(120)));
        }
        byte[] body = data.consumeRemainingAsBytes();
        b.method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!method.equals("GET")) {
            b.header("Content-Type", "application/json");
        }
        HttpRequest request = b.build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("no answer to " + request + " " + request.headers().map().keySet() + " with "
                    + body.length + " bytes: " + e + "; the request before: " + previous, e);
        }
        previous = request + " " + request.headers().map() + " " + body.length + " bytes -> " + r.statusCode() + " "
                + r.headers().map();
        assertThat(r.statusCode()).as(route + " " + r.body()).isLessThan(500);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (r.statusCode() >= 400) {
            assertThat(r.body()).as(method + " " + path + query + " -> " + r.statusCode()).startsWith("{");
            JsonNode error = EventJson.readTree(r.body());
            assertThat(error.get("status").asInt()).isEqualTo(r.statusCode());
            assertThat(error.get("detail").asText()).isNotBlank();
        }
    }
}

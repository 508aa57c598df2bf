package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.auth.AuthSettings;
import io.streamrec.api.auth.UserTokens;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.EventType;
import io.streamrec.core.rank.RankConfig;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishable keys, user tokens, origins and CORS: what a web page or an app may do, and what it may not. */
class WebClientAccessTest {
    static final String PK = "pk_test_0123456789abcdef";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String SHOP = "https://shop.example";
    static final AuthSettings AUTH = new AuthSettings(List.of(PK),
            EnumSet.of(EventType.VIEW, EventType.CLICK, EventType.ADD_TO_CART), 1000, List.of(SHOP),
            Map.of("k1", SECRET.getBytes(StandardCharsets.UTF_8)), 3600, false, false);

    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    static String token(String user, long expiresAt) {
        return UserTokens.sign("k1", SECRET.getBytes(StandardCharsets.UTF_8), user, expiresAt);
    }

    static String token(String user) {
        return token(user, System.currentTimeMillis() / 1000 + 600);
    }

    static String event(String user, String type) {
        return "{\"userId\":\"" + user + "\",\"itemId\":\"i1\",\"type\":\"" + type + "\",\"ts\":1}";
    }

    /** A response of the plain JDK client, which can send OPTIONS and any Origin. */
    record Reply(int code, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static Reply call(HttpClient client, String method, String path, String body, String key, String bearer,
                      String origin, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            var r = HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(Reply r) {
        return io.streamrec.core.event.EventJson.readTree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The shared error shape of every refusal: JSON {title, status, detail}, status as the answer's. */
    static void assertSharedErrorShape(Reply r, int status) {
        assertThat(r.code()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        com.fasterxml.jackson.databind.JsonNode body = json(r);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    void withApi(AuthSettings auth, io.javalin.testtools.TestCase test) {
        JavalinTest.test(TestApi.app(TestApi.settings(RankConfig.modelOnly(), List.of(), auth), publisher,
                TestApi.redis(), List.of(), TestApi.newIndex()), test);
    }

    @Test
    void aUsersRecommendationsNeedASecretKeyOrThatUsersToken() {
        withApi(AUTH, (server, client) -> {
            String recs = "/v1/users/u1/recommendations?explain=true";
            Reply none = call(client, "GET", recs, null, null, null, null);
            assertThat(none.code()).isEqualTo(401);
            assertThat(json(none).get("detail").asText()).contains("that user's token");
            assertThat(call(client, "GET", recs, null, PK, null, SHOP).code()).as("a publishable key alone").isEqualTo(401);
            assertThat(call(client, "GET", recs, null, TestApi.WRITE_KEY, null, null).code()).isEqualTo(200);
            assertThat(call(client, "GET", recs, null, null, token("u1"), null).code()).isEqualTo(200);
            assertThat(call(client, "GET", recs, null, PK, token("u1"), SHOP).code()).isEqualTo(200);

            Reply other = call(client, "GET", recs, null, null, token("u2"), null);
            assertThat(other.code()).isEqualTo(403);
            assertThat(json(other).get("detail").asText()).isEqualTo("this user token is for another user");
            assertSharedErrorShape(other, 403);
            Reply origin = call(client, "GET", recs, null, PK, token("u1"), "https://evil.example");
            assertSharedErrorShape(origin, 403);
            assertThat(json(origin).get("detail").asText()).isEqualTo("this key may not be used from this origin");

            String expired = token("u1", System.currentTimeMillis() / 1000 - 1);
            String forged = token("u1").substring(0, token("u1").lastIndexOf('.') + 1) + "AAAA";
            String tooLong = token("u1", System.currentTimeMillis() / 1000 + 7200);
            String otherKey = UserTokens.sign("k1", "another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                    "u1", System.currentTimeMillis() / 1000 + 600);
            for (String bad : List.of(expired, forged, tooLong, otherKey, "v1.nope")) {
                Reply r = call(client, "GET", recs, null, null, bad, null);
                assertThat(r.code()).isEqualTo(401);
                assertSharedErrorShape(r, 401);
                assertThat(json(r).get("detail").asText()).as("no hint for forgers")
                        .isEqualTo("missing, invalid or expired user token");
                assertThat(r.body()).doesNotContain("signature").doesNotContain("expired\"").doesNotContain("kid");
            }
        });
    }

    @Test
    void aPublishableKeySendsOnlyItsTokenUsersEventsOfAllowedTypes() {
        withApi(AUTH, (server, client) -> {
            assertThat(call(client, "POST", "/v1/events", event("u1", "view"), PK, token("u1"), SHOP).code()).isEqualTo(202);
            assertThat(call(client, "POST", "/v1/events", "[" + event("u1", "click") + "," + event("u1", "add_to_cart")
                    + "]", PK, token("u1"), null).code()).as("an app sends no Origin").isEqualTo(202);
            assertThat(publisher.published).hasSize(3);

            Reply noToken = call(client, "POST", "/v1/events", event("u1", "view"), PK, null, SHOP);
            assertThat(noToken.code()).isEqualTo(401);
            Reply otherUser = call(client, "POST", "/v1/events", "[" + event("u1", "view") + "," + event("u2", "view")
                    + "]", PK, token("u1"), SHOP);
            assertThat(otherUser.code()).isEqualTo(403);
            assertThat(json(otherUser).get("detail").asText()).contains("only send events of its user token's user");
            Reply purchase = call(client, "POST", "/v1/events", event("u1", "purchase"), PK, token("u1"), SHOP);
            assertSharedErrorShape(purchase, 403);
            assertThat(json(purchase).get("detail").asText()).contains("may not send purchase events");
            Reply origin = call(client, "POST", "/v1/events", event("u1", "view"), PK, token("u1"), "https://evil.example");
            assertThat(origin.code()).isEqualTo(403);
            assertThat(json(origin).get("detail").asText()).isEqualTo("this key may not be used from this origin");
            assertThat(publisher.published).as("nothing of a refused request is stored").hasSize(3);

            // secret keys are unchanged: any user, any type
            assertThat(call(client, "POST", "/v1/events", event("u9", "purchase"), TestApi.WRITE_KEY, null, null).code())
                    .isEqualTo(202);
        });
    }

    @Test
    void aBeaconCarriesItsCredentialsInATextBody() {
        withApi(AUTH, (server, client) -> {
            String body = "{\"key\":\"" + PK + "\",\"token\":\"" + token("u1") + "\",\"events\":[" + event("u1", "click") + "]}";
            Reply ok = call(client, "POST", "/v1/events/beacon", body, null, null, SHOP,
                    "Content-Type", "text/plain;charset=UTF-8");
            assertThat(ok.code()).isEqualTo(202);
            assertThat(json(ok).get("accepted").asInt()).isEqualTo(1);
            assertThat(publisher.published).extracting(e -> e.userId).containsExactly("u1");

            String secretInBody = body.replace(PK, TestApi.WRITE_KEY);
            assertThat(call(client, "POST", "/v1/events/beacon", secretInBody, null, null, SHOP).code())
                    .as("secret keys never travel in a body").isEqualTo(401);
            assertThat(call(client, "POST", "/v1/events/beacon", body.replace("\"u1\",\"itemId", "\"u2\",\"itemId"),
                    null, null, SHOP).code()).isEqualTo(403);
            assertThat(call(client, "POST", "/v1/events/beacon", "{\"events\":[]}", null, null, SHOP).code()).isEqualTo(400);
        });
    }

    @Test
    void anAnonymousVisitorGetsASignedIdThatReadsItsOwnColdStartList() {
        withApi(AUTH, (server, client) -> {
            assertThat(call(client, "POST", "/v1/anonymous", null, null, null, null).code()).isEqualTo(401);
            Reply r = call(client, "POST", "/v1/anonymous", null, PK, null, SHOP);
            assertThat(r.code()).isEqualTo(200);
            String userId = json(r).get("userId").asText();
            String token = json(r).get("token").asText();
            assertThat(userId).startsWith("anon-").hasSize(27);
            assertThat(json(r).get("expiresAt").asLong()).isBetween(System.currentTimeMillis() / 1000 + 3500,
                    System.currentTimeMillis() / 1000 + 3700);
            Reply recs = call(client, "GET", "/v1/users/" + userId + "/recommendations", null, PK, token, SHOP);
            assertThat(recs.code()).isEqualTo(200);
            assertThat(json(recs).get("fallback").asBoolean()).isTrue();
            assertThat(call(client, "POST", "/v1/events", event(userId, "view"), PK, token, SHOP).code()).isEqualTo(202);
            String second = json(call(client, "POST", "/v1/anonymous", null, PK, null, SHOP)).get("userId").asText();
            assertThat(second).isNotEqualTo(userId);
        });
    }

    @Test
    void overItsRateAPublishableKeyGets429WithRetryAfter() {
        AuthSettings slow = new AuthSettings(AUTH.publishableKeys(), AUTH.publishableEventTypes(), 2,
                AUTH.allowedOrigins(), AUTH.tokenKeys(), 3600, false, false);
        withApi(slow, (server, client) -> {
            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 5; i++) {
                Reply r = call(client, "POST", "/v1/anonymous", null, PK, null, SHOP);
                if (r.code() == 429) {
                    limited++;
                    retryAfter = r.header("Retry-After");
                    assertThat(json(r).get("status").asInt()).isEqualTo(429);
                }
            }
            assertThat(limited).as("a bucket of 2 cannot serve 5 requests at once").isGreaterThanOrEqualTo(2);
            assertThat(retryAfter).isEqualTo("1");
            assertThat(call(client, "POST", "/v1/anonymous", null, TestApi.WRITE_KEY, null, null).code())
                    .as("secret keys are not rate-limited").isEqualTo(200);
        });
    }

    @Test
    void corsAnswersAllowedOriginsAndPreflightsAndNothingElse() {
        withApi(AUTH, (server, client) -> {
            Reply preflight = call(client, "OPTIONS", "/v1/events", null, null, null, SHOP,
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "x-api-key, authorization, content-type");
            assertThat(preflight.code()).isBetween(200, 204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
            assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                    .contains("x-api-key").contains("authorization").contains("content-type");
            assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

            Reply get = call(client, "GET", "/v1/trending", null, PK, null, SHOP);
            assertThat(get.code()).isEqualTo(200);
            assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
            assertThat(get.header("Access-Control-Expose-Headers")).contains("Retry-After");

            Reply refusedPreflight = call(client, "OPTIONS", "/v1/events", null, null, null, "https://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(refusedPreflight.header("Access-Control-Allow-Origin")).isNull();
            Reply refused = call(client, "GET", "/v1/trending", null, null, null, "https://evil.example");
            assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        });
        withApi(AuthSettings.secretKeysOnly(false), (server, client) ->
                assertThat(call(client, "GET", "/v1/trending", null, null, null, SHOP).header("Access-Control-Allow-Origin"))
                        .as("no origins configured, no CORS").isNull());
    }

    @Test
    void configurationIsValidated() {
        Map<String, String> base = Map.of("api.admin-keys", "long-enough-admin-key");
        assertThat(ApiSettings.from(StreamrecConfig.load(null, Map.of(), base)).auth().userReadsOpen())
                .as("a user's recommendations need a token by default").isFalse();
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), with(base,
                "api.publishable-keys", PK)))).hasMessageContaining("api.token-keys must hold at least one signing key");
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), with(base,
                "api.allowed-origins", "*")))).hasMessageContaining("'*' is not an origin");
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), with(base,
                "api.allowed-origins", "https://shop.example/path")))).hasMessageContaining("is not an origin");
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), with(base,
                "api.publishable-event-types", "view,forget_user")))).hasMessageContaining("unknown event type 'forget_user'");
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), with(base,
                "api.token-keys", "k1:tooshort")))).hasMessageContaining("api.token-keys: the secret of kid k1");
        ApiSettings ok = ApiSettings.from(StreamrecConfig.load(null, Map.of("STREAMREC_API_TOKEN_KEYS", "k2:" + SECRET
                + ",k1:" + SECRET.toUpperCase()), with(base, "api.publishable-keys", PK)));
        assertThat(ok.auth().tokenKeys().keySet()).containsExactly("k2", "k1");
        assertThat(ok.auth().publishableEventTypes()).doesNotContain(EventType.PURCHASE, EventType.RATING);
        assertThat(StreamrecConfig.load(null, Map.of("STREAMREC_API_TOKEN_KEYS", "k1:" + SECRET), base).describe())
                .doesNotContain(SECRET);
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}

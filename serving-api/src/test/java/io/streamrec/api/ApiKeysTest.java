package io.streamrec.api;

import static io.streamrec.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.testtools.JavalinTest;
import io.streamrec.core.config.StreamrecConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** X-API-Key: who may write, administer and (when configured) read. */
class ApiKeysTest {
    static final String EVENT = "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}";
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    @Test
    void writesNeedAWriteOrAdminKeyAndTheCatalogueAnAdminKey() {
        JavalinTest.test(TestApi.app(TestApi.KEYED_READS, publisher, TestApi.redis(), List.of(), TestApi.newIndex()),
                (server, client) -> {
                    var none = TestApi.send(client, "POST", "/v1/events", EVENT, null);
                    assertThat(none.code()).isEqualTo(401);
                    assertThat(json(none).get("detail").asText()).isEqualTo("this endpoint needs an API key in the X-API-Key header");
                    var wrong = TestApi.send(client, "POST", "/v1/events", EVENT, TestApi.WRITE_KEY + "x");
                    assertThat(wrong.code()).isEqualTo(401);
                    assertThat(json(wrong).get("detail").asText()).isEqualTo("unknown API key");
                    var readOnly = TestApi.send(client, "POST", "/v1/events", EVENT, TestApi.READ_KEY);
                    assertThat(readOnly.code()).isEqualTo(403);
                    assertThat(json(readOnly).get("detail").asText()).contains("a write key is needed");
                    assertThat(TestApi.send(client, "POST", "/v1/events", EVENT, TestApi.WRITE_KEY).code()).isEqualTo(202);
                    assertThat(TestApi.send(client, "POST", "/v1/events", EVENT, TestApi.ADMIN_KEY).code()).isEqualTo(202);
                    assertThat(publisher.published).hasSize(2);

                    var writer = TestApi.send(client, "PUT", "/v1/items/x", "{}", TestApi.WRITE_KEY);
                    assertThat(writer.code()).isEqualTo(403);
                    assertThat(json(writer).get("detail").asText()).contains("an admin key is needed");
                    assertThat(TestApi.send(client, "DELETE", "/v1/users/u", null, TestApi.WRITE_KEY).code()).isEqualTo(403);
                    assertThat(TestApi.send(client, "DELETE", "/v1/items/x", null, null).code()).isEqualTo(401);
                    assertThat(TestApi.send(client, "PUT", "/v1/items/x", "{}", TestApi.ADMIN_KEY).code()).isEqualTo(200);

                    // read keys configured: reads need one of any level
                    assertThat(client.get("/v1/trending").code()).isEqualTo(401);
                    assertThat(TestApi.send(client, "GET", "/v1/trending", null, TestApi.READ_KEY).code()).isEqualTo(200);
                    assertThat(TestApi.send(client, "GET", "/v1/users/u/recommendations", null, TestApi.WRITE_KEY).code()).isEqualTo(200);
                    assertThat(TestApi.send(client, "GET", "/v1/items/x", null, TestApi.ADMIN_KEY).code()).isEqualTo(200);
                    // operators' endpoints stay open
                    assertThat(client.get("/health/live").code()).isEqualTo(200);
                    assertThat(client.get("/openapi").code()).isEqualTo(200);
                });
    }

    @Test
    void readsAreOpenWithoutReadKeys() {
        JavalinTest.test(TestApi.app(publisher, List.of()), (server, client) -> {
            assertThat(client.get("/v1/trending").code()).isEqualTo(200);
            assertThat(client.get("/v1/users/u/recommendations").code()).isEqualTo(200);
        });
    }

    @Test
    void theApiDoesNotStartWithoutAnAdminKeyOrWithShortKeys() {
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(), Map.of())))
                .isInstanceOf(StreamrecConfig.ConfigException.class)
                .hasMessageContaining("api.admin-keys: at least one admin key is required");
        assertThatThrownBy(() -> ApiSettings.from(StreamrecConfig.load(null, Map.of(),
                Map.of("api.admin-keys", "long-enough-admin-key", "api.write-keys", "short, "))))
                .hasMessageContaining("api.write-keys: every key must be at least 16 characters (one has 5)");
        ApiSettings ok = ApiSettings.from(StreamrecConfig.load(null, Map.of("STREAMREC_API_ADMIN_KEYS",
                "long-enough-admin-key, second-admin-key-xyz"), Map.of()));
        assertThat(ok.adminKeys()).containsExactly("long-enough-admin-key", "second-admin-key-xyz");
        assertThat(ok.readKeys()).isEmpty();
        assertThat(StreamrecConfig.load(null, Map.of("STREAMREC_API_ADMIN_KEYS", "long-enough-admin-key"), Map.of())
                .describe()).contains("api.admin-keys = <1 key>").doesNotContain("long-enough-admin-key");
    }
}

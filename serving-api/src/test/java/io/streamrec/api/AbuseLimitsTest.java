package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.streamrec.api.auth.AuthSettings;
import io.streamrec.api.auth.Limits;
import io.streamrec.api.auth.ReadGate;
import io.streamrec.api.error.ErrorHandling;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.rank.RankConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-key and per-address rate limits, and the cap on concurrent scanning reads. */
class AbuseLimitsTest {
    final TestApi.RecordingPublisher publisher = new TestApi.RecordingPublisher();

    Javalin app(Limits limits) {
        ApiSettings base = TestApi.settings(RankConfig.modelOnly(), List.of(), AuthSettings.secretKeysOnly(true));
        ApiSettings s = new ApiSettings(base.host(), base.port(), base.maxBodyBytes(), base.maxBatch(), base.defaultK(),
                base.maxK(), base.trendingShortHalfLifeMillis(), base.trendingLongHalfLifeMillis(), base.changeFeedMaxLen(),
                base.adminKeys(), base.writeKeys(), base.readKeys(), base.rank(), base.recommend(), base.auth(), limits,
                base.pseudonyms());
        return TestApi.app(s, publisher, TestApi.redis(), List.of(), TestApi.newIndex());
    }

    static int status429(WebClientAccessTest.Reply r) {
        if (r.code() == 429) {
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.body()).contains("\"status\":429");
        }
        return r.code();
    }

    @Test
    void aSecretKeyOverItsRateGets429AndOtherKeysDoNot() {
        JavalinTest.test(app(new Limits(3, 0, "", 0, 200, 30_000)), (server, client) -> {
            long limited = java.util.stream.IntStream.range(0, 8).map(i -> status429(WebClientAccessTest.call(client, "GET",
                    "/v1/trending", null, TestApi.WRITE_KEY, null, null))).filter(c -> c == 429).count();
            assertThat(limited).as("a bucket of 3 cannot serve 8 at once").isGreaterThanOrEqualTo(4);
            assertThat(WebClientAccessTest.call(client, "GET", "/v1/trending", null, TestApi.ADMIN_KEY, null, null).code())
                    .isEqualTo(200);
        });
    }

    @Test
    void anAddressOverItsRateGets429WhateverItsKeyAndTheProxyHeaderNamesTheClient() {
        JavalinTest.test(app(new Limits(0, 3, "X-Forwarded-For", 0, 200, 30_000)), (server, client) -> {
            long limited = java.util.stream.IntStream.range(0, 8).map(i -> status429(WebClientAccessTest.call(client, "GET",
                    "/v1/trending", null, i % 2 == 0 ? TestApi.WRITE_KEY : TestApi.ADMIN_KEY, null, null,
                    "X-Forwarded-For", "203.0.113.7, 10.0.0.1"))).filter(c -> c == 429).count();
            assertThat(limited).isGreaterThanOrEqualTo(4);
            assertThat(WebClientAccessTest.call(client, "GET", "/v1/trending", null, null, null, null,
                    "X-Forwarded-For", "198.51.100.9").code()).as("another client").isEqualTo(200);
            assertThat(WebClientAccessTest.call(client, "GET", "/health/live", null, null, null, null,
                    "X-Forwarded-For", "203.0.113.7").code()).as("operators' endpoints are not limited").isEqualTo(200);
        });
    }

    @Test
    void aReadFindingEveryPlaceTakenGets503WithRetryAfter() {
        ReadGate gate = new ReadGate(1, 0);
        Javalin app = Javalin.create(c -> {
            ErrorHandling.register(c);
            c.routes.get("/read", gate.around(ctx -> ctx.result("read")));
        });
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/read").code()).isEqualTo(200);
            assertThat(gate.tryTake()).isTrue(); // a read in progress holds the only place
            var refused = client.get("/read");
            assertThat(refused.code()).isEqualTo(503);
            assertThat(refused.headers().get("Retry-After")).containsExactly("1");
            gate.giveBack();
            assertThat(client.get("/read").code()).as("the place is free again").isEqualTo(200);
        });
    }

    @Test
    void limitsAreReadFromTheConfiguration() {
        ApiSettings s = ApiSettings.from(StreamrecConfig.load(null, Map.of(), Map.of("api.admin-keys", "long-enough-admin-key",
                "api.ip-rate-limit", "50", "api.client-ip-header", "X-Forwarded-For", "api.max-concurrent-reads", "3")));
        assertThat(s.limits()).isEqualTo(new Limits(0, 50, "X-Forwarded-For", 3, 200, 30_000));
        assertThat(Limits.DEFAULTS.concurrentReads()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }
}

package io.streamrec.api;

import static io.streamrec.api.TestApi.ADMIN_KEY;
import static io.streamrec.api.TestApi.READ_KEY;
import static io.streamrec.api.TestApi.WRITE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.streamrec.core.redis.RedisKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /v1/experiments: definitions (admin key to change, any secret key to read), assignment, results. */
class ExperimentsTest {
    static final String TWO_WAY = "{\"salt\":\"s\",\"variants\":[{\"name\":\"control\",\"share\":0.5,\"baseline\":\"popularity\"},"
            + "{\"name\":\"mmr\",\"share\":0.5,\"overrides\":{\"rank.mmr-lambda\":\"0.5\"}}],\"forced\":{\"qa\":\"mmr\"}}";

    static JsonNode json(io.javalin.testtools.Response r) throws Exception {
        return Fixtures.json(r);
    }

    @Test
    void adminDefinesAnySecretKeyReadsAndPublishableKeysNever() throws Exception {
        String id = "home-" + UUID.randomUUID().toString().substring(0, 8);
        JavalinTest.test(TestApi.app(TestApi.KEYED_READS, new TestApi.RecordingPublisher(), TestApi.redis(), List.of(), TestApi.newIndex()), (server, client) -> {
            assertThat(TestApi.send(client, "PUT", "/v1/experiments/" + id, TWO_WAY, WRITE_KEY).code()).isEqualTo(403);
            assertThat(TestApi.send(client, "PUT", "/v1/experiments/" + id, TWO_WAY, null).code()).isEqualTo(401);
            var put = TestApi.send(client, "PUT", "/v1/experiments/" + id, TWO_WAY, ADMIN_KEY);
            assertThat(put.code()).isEqualTo(200);
            JsonNode stored = json(put);
            assertThat(stored.get("running").asBoolean()).isTrue();
            assertThat(stored.at("/variants/1/overrides/rank.mmr-lambda").asText()).isEqualTo("0.5");

            var got = TestApi.send(client, "GET", "/v1/experiments/" + id, null, READ_KEY);
            assertThat(got.code()).isEqualTo(200);
            assertThat(json(got).get("salt").asText()).isEqualTo("s");
            assertThat(TestApi.send(client, "GET", "/v1/experiments/" + id, null, null).code()).isEqualTo(401);
            assertThat(json(TestApi.send(client, "GET", "/v1/experiments", null, WRITE_KEY)))
                    .anySatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(id));
            assertThat(TestApi.send(client, "GET", "/v1/experiments/nope", null, READ_KEY).code()).isEqualTo(404);

            var qa = json(TestApi.send(client, "GET", "/v1/experiments/" + id + "/assignment?userId=qa", null, READ_KEY));
            assertThat(qa.get("variant").asText()).isEqualTo("mmr");
            var stop = TestApi.send(client, "POST", "/v1/experiments/" + id + "/stop?winner=control", null, ADMIN_KEY);
            assertThat(json(stop).get("winner").asText()).isEqualTo("control");
            assertThat(json(TestApi.send(client, "GET", "/v1/experiments/" + id + "/assignment?userId=qa", null, READ_KEY))
                    .get("variant").asText()).isEqualTo("control");
            assertThat(TestApi.send(client, "POST", "/v1/experiments/" + id + "/stop?winner=zzz", null, ADMIN_KEY).code())
                    .isEqualTo(400);
            var restart = json(TestApi.send(client, "POST", "/v1/experiments/" + id + "/start", null, ADMIN_KEY));
            assertThat(restart.get("running").asBoolean()).isTrue();
            assertThat(restart.has("winner")).isFalse();
        });
    }

    @Test
    void badDefinitionsAre400NamingTheField() throws Exception {
        JavalinTest.test(TestApi.app(TestApi.KEYED_READS, new TestApi.RecordingPublisher(), TestApi.redis(), List.of(), TestApi.newIndex()), (server, client) -> {
            Map<String, String> cases = Map.of(
                    "{\"variants\":[{\"name\":\"a\",\"share\":0.5},{\"name\":\"b\",\"share\":0.4}]}", "variants: shares sum to 0.9",
                    "{\"variants\":[{\"name\":\"a\",\"share\":0.5},{\"name\":\"a\",\"share\":0.5}]}", "variants[1].name: duplicate",
                    "{\"variants\":[{\"name\":\"a\",\"share\":0.5,\"overrides\":{\"rank.nope\":\"1\"}},{\"name\":\"b\",\"share\":0.5}]}",
                    "variants[0].overrides.rank.nope",
                    "{\"variants\":[{\"name\":\"a\",\"share\":\"half\"},{\"name\":\"b\",\"share\":0.5}]}", "variants[0].share",
                    "{\"variants\":[{\"name\":\"a\",\"share\":0.5,\"colour\":1},{\"name\":\"b\",\"share\":0.5}]}",
                    "variants[0].colour: unknown field",
                    "[1,2]", "body: an experiment object",
                    "not json", "");
            cases.forEach((body, field) -> {
                var r = TestApi.send(client, "PUT", "/v1/experiments/bad", body, ADMIN_KEY);
                assertThat(r.code()).as(body).isEqualTo(400);
                try {
                    JsonNode error = json(r);
                    assertThat(error.get("status").asInt()).isEqualTo(400);
                    assertThat(error.get("detail").asText()).as(body).contains(field);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(TestApi.send(client, "PUT", "/v1/experiments/bad%20id", TWO_WAY, ADMIN_KEY).code()).isEqualTo(400);
        });
    }

    @Test
    void resultsCarryRatesLiftsPValuesAndTheSampleRatioCheck() throws Exception {
        String id = "res-" + UUID.randomUUID().toString().substring(0, 8);
        // the job's totals: 100 users per variant with 10 impressions each; control clicks 20 % of them
        // (every user 2), mmr 25 % (half the users 2, half 3): per-user sums as the job keeps them
        Map<String, String> counts = new java.util.HashMap<>(Map.of("control.impressions", "1000", "control.clicks", "200",
                "control.users", "100", "control.impressions_sq", "10000", "control.clicks_sq", "400",
                "control.clicks_x_impressions", "2000", "mmr.impressions", "1000", "mmr.clicks", "250", "mmr.users", "100",
                "mmr.impressions_sq", "10000"));
        counts.putAll(Map.of("mmr.clicks_sq", "650", "mmr.clicks_x_impressions", "2500", "mmr.purchases", "10",
                "mmr.revenue", "12.5"));
        TestApi.redis().hset(RedisKeys.experimentCounts(id), counts);
        JavalinTest.test(TestApi.app(TestApi.KEYED_READS, new TestApi.RecordingPublisher(), TestApi.redis(), List.of(), TestApi.newIndex()), (server, client) -> {
            TestApi.send(client, "PUT", "/v1/experiments/" + id, TWO_WAY, ADMIN_KEY);
            JsonNode r = json(TestApi.send(client, "GET", "/v1/experiments/" + id + "/results", null, READ_KEY));
            assertThat(r.get("control").asText()).isEqualTo("control");
            JsonNode mmr = r.at("/variants/1");
            assertThat(mmr.at("/clickThrough/rate").asDouble()).isEqualTo(0.25);
            // per-user rates 0.2 and 0.3: variance 0.0025·100/99 over 100 users; control's is 0 (every user alike)
            double se = Math.sqrt(0.0025 * 100 / 99 / 100);
            assertThat(mmr.at("/clickThrough/low").asDouble()).isCloseTo(0.25 - 1.959964 * se, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(mmr.at("/clickThroughVsControl/lift").asDouble()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(mmr.at("/clickThroughVsControl/p").asDouble()).isCloseTo(
                    io.streamrec.core.experiment.Statistics.twoSidedP(0.05 / se), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(mmr.at("/clickThroughVsControl/alwaysValidP").asDouble()).isGreaterThan(mmr.at("/clickThroughVsControl/p").asDouble());
            assertThat(mmr.at("/conversionVsControl").has("lift")).as("no ratio with a zero control rate").isFalse();
            assertThat(mmr.get("revenue").asDouble()).isEqualTo(12.5);
            assertThat(r.at("/variants/0").has("clickThroughVsControl")).isFalse();
            assertThat(r.get("sampleRatioP").asDouble()).isEqualTo(1.0);
            assertThat(r.get("sampleRatioMismatch").asBoolean()).isFalse();
        });
    }
}

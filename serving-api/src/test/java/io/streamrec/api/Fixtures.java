package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;

/** Writes to Redis what the job would publish, so API tests run without the job. */
final class Fixtures {
    private Fixtures() {}

    static JsonNode json(io.javalin.testtools.Response r) throws Exception {
        return EventJson.MAPPER.readTree(r.body().string());
    }

    static List<String> ids(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("items").forEach(i -> out.add(i.get("itemId").asText()));
        return out;
    }

    /** Publishes vectors the way the job does: binary float32, versioned, announced on the change feed. */
    static void publishItem(String id, long version, float... v) {
        publishItem(TestApi.redis(), id, version, v);
    }

    static void publishItem(UnifiedJedis redis, String id, long version, float... v) {
        byte[] bytes = VectorCodec.encode(v, version, System.currentTimeMillis());
        redis.hset(RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8), bytes);
        redis.xadd(RedisKeys.ITEM_CHANGES, StreamEntryID.NEW_ENTRY,
                Map.of(RedisKeys.CHANGE_ITEM, id, RedisKeys.CHANGE_VERSION, Long.toString(version)));
    }

    static void publishUser(String id, float... query) {
        TestApi.redis().set(RedisKeys.userVector(id).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(query, 1, 0));
    }

    /** Publishes a user's recent items, bought items and interests as the job does (one binary value). */
    static void publishLists(String user, io.streamrec.core.interest.UserLists lists) {
        publishLists(TestApi.redis(), user, lists);
    }

    static void publishLists(UnifiedJedis redis, String user, io.streamrec.core.interest.UserLists lists) {
        redis.set(RedisKeys.userLists(user).getBytes(StandardCharsets.UTF_8), lists.encode());
    }

    /** The lists with these recent items, each of weight 1, at version 1. */
    static io.streamrec.core.interest.UserLists recent(String... items) {
        io.streamrec.core.interest.UserLists l = io.streamrec.core.interest.UserLists.empty(1, System.currentTimeMillis());
        for (String i : items) {
            l = l.withRecent(i, 1.0);
        }
        return l;
    }

    /** A test vector: {@code value} on one factor dimension, {@code bias} in the last slot. */
    static float[] axis(int dim, float value, float bias) {
        float[] v = new float[TestApi.WIDTH];
        v[dim] = value;
        v[TestApi.WIDTH - 1] = bias;
        return v;
    }

    /** Log scores as the job writes them: ln(weight) + t·ln2/halfLife. */
    static void trend(String window, String category, String item, double weight, long t) {
        double h = window.equals("1h") ? 3_600_000d : 86_400_000d;
        double score = io.streamrec.core.decay.LogDecay.add(Double.NEGATIVE_INFINITY, weight, t, h);
        TestApi.redis().zadd(RedisKeys.trending(window), score, item);
        if (category != null) {
            TestApi.redis().zadd(RedisKeys.trending(window, category), score, item);
        }
    }

    static boolean indexed(ItemIndex index, String... ids) {
        for (String id : ids) {
            if (!index.hasVector(id)) {
                return false;
            }
        }
        return true;
    }

    static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

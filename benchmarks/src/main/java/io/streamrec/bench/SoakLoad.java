package io.streamrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.EventJson;
import io.streamrec.launcher.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The steady mixed load, each kind on its own fixed-rate schedule. */
final class SoakLoad {
    final LocalStack stack;
    final int users;
    final int items;
    final int batch;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
    final Map<String, LongAdder> acceptedPerUser = new ConcurrentHashMap<>();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    final Map<String, Long> errors = new ConcurrentHashMap<>();
    final List<String> forgotten = java.util.Collections.synchronizedList(new ArrayList<>());
    final SoakBench.Kind events = new SoakBench.Kind("events");
    final SoakBench.Kind recommend = new SoakBench.Kind("recommend");
    final SoakBench.Kind catalogue = new SoakBench.Kind("catalogue");
    final SoakBench.Kind forget = new SoakBench.Kind("forget");
    final AtomicLong seq = new AtomicLong();
    final SplittableRandom seed = new SplittableRandom(7);
    long t0;
    int forgetNext;

    SoakLoad(LocalStack stack, int users, int items, int eventsPerSecond) {
        this.stack = stack;
        this.users = users;
        this.items = items;
        this.batch = Math.max(1, eventsPerSecond / 20);
    }

    List<SoakBench.Kind> kinds() {
        return List.of(events, recommend, catalogue, forget);
    }

    void start(long t0) {
        this.t0 = t0;
        SplittableRandom evRnd = seed.split();
        SplittableRandom recRnd = seed.split();
        SplittableRandom catRnd = seed.split();
        timer.scheduleAtFixedRate(() -> guarded(() -> postEvents(evRnd)), 0, 50, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> guarded(() -> recommend(recRnd)), 25, 50, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> guarded(() -> editCatalogue(catRnd)), 500, 1000, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> guarded(this::forgetOne), 5_000, 10_000, TimeUnit.MILLISECONDS);
    }

    void stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not stop within 30 s");
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** A failed request is counted (status "io" for no answer), never ends the schedule. */
    void guarded(Step s) {
        try {
            s.run();
        } catch (Exception e) {
            errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
        }
    }

    int minute() {
        return (int) ((System.nanoTime() - t0) / 60_000_000_000L);
    }

    /** Popular users and items come up more often (a power law over the ids). */
    static int skewed(SplittableRandom rnd, int n) {
        return (int) Math.min(n - 1, Math.floor(Math.pow(rnd.nextDouble(), 2.5) * n));
    }

    HttpResponse<String> send(SoakBench.Kind kind, HttpRequest.Builder b, String key) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> resp;
        try {
            resp = http.send(b.header("X-API-Key", key).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            statuses.computeIfAbsent(kind.name + "_io", k -> new LongAdder()).increment();
            throw e;
        }
        kind.record(minute(), System.nanoTime() - start);
        statuses.computeIfAbsent(kind.name + "_" + resp.statusCode(), k -> new LongAdder()).increment();
        return resp;
    }

    void postEvents(SplittableRandom rnd) throws Exception {
        List<String> batchUsers = new ArrayList<>(batch);
        ArrayNode arr = EventJson.MAPPER.createArrayNode();
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch; i++) {
            String user = "soak-u" + skewed(rnd, users);
            batchUsers.add(user);
            arr.add(event(user, "item-" + skewed(rnd, items), SoakBench.TYPES[rnd.nextInt(SoakBench.TYPES.length)], now));
        }
        ingest(arr, batchUsers, true);
    }

    ObjectNode event(String user, String item, String type, long ts) {
        ObjectNode e = EventJson.MAPPER.createObjectNode();
        e.put("eventId", "soak-" + seq.incrementAndGet());
        e.put("userId", user);
        e.put("itemId", item);
        e.put("type", type);
        e.put("category", "category-" + (Math.abs(item.hashCode()) % 20));
        e.put("ts", ts);
        return e;
    }

    void ingest(ArrayNode arr, List<String> batchUsers, boolean count) throws Exception {
        HttpResponse<String> resp = send(events, HttpRequest.newBuilder(URI.create(stack.apiBase() + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(arr.toString())), stack.writeKey());
        if (resp.statusCode() != 202) {
            return;
        }
        JsonNode body = EventJson.MAPPER.readTree(resp.body());
        if (body.path("rejected").size() > 0) {
            rejected.add(body.path("rejected").size());
            return; // not which ones were taken: the per-user count would be unknown
        }
        if (count) {
            accepted.add(body.path("accepted").asLong());
            for (String u : batchUsers) {
                acceptedPerUser.computeIfAbsent(u, k -> new LongAdder()).increment();
            }
        }
    }

    void recommend(SplittableRandom rnd) throws Exception {
        send(recommend, HttpRequest.newBuilder(URI.create(stack.apiBase() + "/v1/users/soak-u" + skewed(rnd, users)
                + "/recommendations?k=20")).GET(), stack.writeKey());
    }

    /** An item's category changes, or it goes out of stock (and comes back at its next edit). */
    void editCatalogue(SplittableRandom rnd) throws Exception {
        int item = skewed(rnd, items);
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("category", "category-" + rnd.nextInt(20));
        body.put("available", rnd.nextInt(4) != 0);
        send(catalogue, HttpRequest.newBuilder(URI.create(stack.apiBase() + "/v1/items/item-" + item))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), stack.adminKey());
    }

    /** A new user sends three events; the one before it is forgotten (its events are ten seconds old). */
    void forgetOne() throws Exception {
        int n = forgetNext++;
        String fresh = "soak-f" + n;
        ArrayNode arr = EventJson.MAPPER.createArrayNode();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            arr.add(event(fresh, "item-" + i, "view", now + i));
        }
        ingest(arr, List.of(), false);
        if (n > 0) {
            String old = "soak-f" + (n - 1);
            HttpResponse<String> resp = send(forget, HttpRequest.newBuilder(URI.create(stack.apiBase() + "/v1/users/" + old))
                    .DELETE(), stack.adminKey());
            if (resp.statusCode() == 202) {
                forgotten.add(old);
            }
        }
    }
}

package io.streamrec.bench;

import io.streamrec.client.ApiClient;
import io.streamrec.client.ApiException;
import io.streamrec.client.ApiResponse;
import io.streamrec.client.api.CatalogueApi;
import io.streamrec.client.api.EventsApi;
import io.streamrec.client.api.RecommendationsApi;
import io.streamrec.client.api.UsersApi;
import io.streamrec.client.model.EventSchema;
import io.streamrec.client.model.EventsControllerPostRequest;
import io.streamrec.client.model.IngestResponse;
import io.streamrec.client.model.ItemSchema;
import io.streamrec.launcher.ApiClients;
import io.streamrec.launcher.LocalStack;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
    final EventsApi eventsApi;
    final RecommendationsApi recommendationsApi;
    final CatalogueApi catalogueApi;
    final UsersApi usersApi;
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
        ApiClient write = ApiClients.of(stack.apiBase(), stack.writeKey(), Duration.ofSeconds(10));
        ApiClient admin = ApiClients.of(stack.apiBase(), stack.adminKey(), Duration.ofSeconds(10));
        this.eventsApi = new EventsApi(write);
        this.recommendationsApi = new RecommendationsApi(write);
        this.catalogueApi = new CatalogueApi(admin);
        this.usersApi = new UsersApi(admin);
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

    interface Call<T> {
        ApiResponse<T> call() throws ApiException;
    }

    /**
     * One request through the generated client, timed and counted by status ("io" for no answer, then
     * rethrown); the answer's body for a 2xx, null for any other status.
     */
    <T> T send(SoakBench.Kind kind, Call<T> call) throws IOException {
        long start = System.nanoTime();
        int status;
        T body = null;
        try {
            ApiResponse<T> r = call.call();
            status = r.getStatusCode();
            body = r.getData();
        } catch (ApiException e) {
            if (e.getCode() == 0) {
                statuses.computeIfAbsent(kind.name + "_io", k -> new LongAdder()).increment();
                throw e.getCause() instanceof IOException io ? io : new IOException(ApiClients.describe(e), e);
            }
            status = e.getCode();
        }
        kind.record(minute(), System.nanoTime() - start);
        statuses.computeIfAbsent(kind.name + "_" + status, k -> new LongAdder()).increment();
        return body;
    }

    void postEvents(SplittableRandom rnd) throws Exception {
        List<String> batchUsers = new ArrayList<>(batch);
        List<EventSchema> events = new ArrayList<>(batch);
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch; i++) {
            String user = "soak-u" + skewed(rnd, users);
            batchUsers.add(user);
            events.add(event(user, "item-" + skewed(rnd, items), SoakBench.TYPES[rnd.nextInt(SoakBench.TYPES.length)], now));
        }
        ingest(events, batchUsers, true);
    }

    EventSchema event(String user, String item, String type, long ts) {
        return new EventSchema().eventId("soak-" + seq.incrementAndGet()).userId(user).itemId(item).type(type)
                .category("category-" + (Math.abs(item.hashCode()) % 20)).ts(Instant.ofEpochMilli(ts).toString());
    }

    void ingest(List<EventSchema> batchEvents, List<String> batchUsers, boolean count) throws Exception {
        IngestResponse body = send(events, () -> eventsApi.eventsControllerPostWithHttpInfo(
                EventsControllerPostRequest.of(batchEvents)));
        if (body == null) {
            return;
        }
        if (body.getRejected() != null && !body.getRejected().isEmpty()) {
            rejected.add(body.getRejected().size());
            return; // not which ones were taken: the per-user count would be unknown
        }
        if (count) {
            accepted.add(body.getAccepted() == null ? 0 : body.getAccepted());
            for (String u : batchUsers) {
                acceptedPerUser.computeIfAbsent(u, k -> new LongAdder()).increment();
            }
        }
    }

    void recommend(SplittableRandom rnd) throws Exception {
        String user = "soak-u" + skewed(rnd, users);
        send(recommend, () -> recommendationsApi.recommendationsControllerRecommendationsWithHttpInfo(user, 20, null,
                null, null, null, null));
    }

    /** An item's category changes, or it goes out of stock (and comes back at its next edit). */
    void editCatalogue(SplittableRandom rnd) throws Exception {
        int item = skewed(rnd, items);
        ItemSchema body = new ItemSchema().category("category-" + rnd.nextInt(20)).available(rnd.nextInt(4) != 0);
        send(catalogue, () -> catalogueApi.catalogControllerPutWithHttpInfo("item-" + item, body));
    }

    /** A new user sends three events; the one before it is forgotten (its events are ten seconds old). */
    void forgetOne() throws Exception {
        int n = forgetNext++;
        String fresh = "soak-f" + n;
        List<EventSchema> arr = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            arr.add(event(fresh, "item-" + i, "view", now + i));
        }
        ingest(arr, List.of(), false);
        if (n > 0) {
            String old = "soak-f" + (n - 1);
            if (send(forget, () -> usersApi.usersControllerDeleteWithHttpInfo(old)) != null) {
                forgotten.add(old);
            }
        }
    }
}

package io.streamrec.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamrec.client.ApiException;
import io.streamrec.client.api.CatalogueApi;
import io.streamrec.client.api.EventsApi;
import io.streamrec.client.model.EventSchema;
import io.streamrec.client.model.EventsControllerPostRequest;
import io.streamrec.client.model.IngestResponse;
import io.streamrec.client.model.ItemSchema;
import io.streamrec.core.catalog.CatalogParser;
import io.streamrec.core.data.OnlineRetail;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays events through {@code POST /v1/events} in batches, the way an app would send them, with the
 * API's generated client.
 * Timestamps can be shifted so the last event is "now" (gaps kept), and the replay can be paced in
 * event time ({@code speed} = event-time seconds per wall-clock second; 0 = as fast as possible).
 */
public final class Replayer {
    public record Result(int sent, int accepted, int rejected, double seconds) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {};
    private final String apiBase;
    private final EventsApi eventsApi;
    private final int batchSize;
    private final PrintStream progress;

    public Replayer(String apiBase, String writeKey, int batchSize, PrintStream progress) {
        this.apiBase = apiBase;
        this.eventsApi = new EventsApi(ApiClients.of(apiBase, writeKey, TIMEOUT));
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /**
     * Sends the shop's catalogue for the items of {@code events} ({@code POST /v1/items}, admin key):
     * each item with the category its events name most often and, where {@code products} knows it, its
     * description as title and its unit price. Returns how many items were stored.
     */
    public int putCatalogue(List<Event> events, Map<String, OnlineRetail.Product> products, String adminKey)
            throws IOException, InterruptedException {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Event e : events) {
            Map<String, Integer> c = counts.computeIfAbsent(e.itemId, k -> new HashMap<>());
            if (e.category != null) {
                c.merge(e.category, 1, Integer::sum);
            }
        }
        CatalogueApi catalogue = new CatalogueApi(ApiClients.of(apiBase, adminKey, TIMEOUT));
        int stored = 0;
        List<String> items = new ArrayList<>(counts.keySet());
        for (int from = 0; from < items.size(); from += 1000) {
            List<ItemSchema> body = new ArrayList<>();
            for (String item : items.subList(from, Math.min(items.size(), from + 1000))) {
                ItemSchema n = new ItemSchema().itemId(item).available(true);
                OnlineRetail.Product p = products.get(item);
                if (p != null && p.description() != null) {
                    n.title(p.description().length() > CatalogParser.MAX_TITLE_LENGTH
                            ? p.description().substring(0, CatalogParser.MAX_TITLE_LENGTH) : p.description());
                }
                if (p != null && p.unitPrice() != null) {
                    n.price(BigDecimal.valueOf(p.unitPrice()));
                }
                counts.get(item).entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey())).ifPresent(c -> n.category(c.getKey()));
                body.add(n);
            }
            stored += withRetries("POST /v1/items", () -> catalogue.catalogControllerPost(body)).getAccepted();
        }
        return stored;
    }

    /** Returns a copy of the events moved in time so that the last one happens at {@code now}. */
    public static List<Event> shiftToNow(List<Event> events, long now) {
        if (events.isEmpty()) {
            return events;
        }
        long offset = now - events.get(events.size() - 1).ts;
        return events.stream().map(e -> new Event(e.eventId, e.userId, e.itemId, e.type, e.ts + offset, e.value,
                e.category, e.context)).toList();
    }

    public Result replay(List<Event> events, double speed) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long firstTs = events.isEmpty() ? 0 : events.get(0).ts;
        int accepted = 0, rejected = 0, sent = 0;
        for (int from = 0; from < events.size(); from += batchSize) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            if (speed > 0) {
                long dueNanos = (long) ((batch.get(0).ts - firstTs) / speed * 1_000_000L);
                long wait = dueNanos - (System.nanoTime() - start);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
            EventsControllerPostRequest body = EventsControllerPostRequest.of(batch.stream().map(Replayer::toSchema).toList());
            IngestResponse answer = withRetries("POST /v1/events", () -> eventsApi.eventsControllerPost(body));
            accepted += answer.getAccepted();
            rejected += answer.getRejected() == null ? 0 : answer.getRejected().size();
            sent += batch.size();
            printProgress(sent, events.size(), start);
        }
        if (progress != null && System.console() != null) {
            progress.println();
        }
        return new Result(sent, accepted, rejected, (System.nanoTime() - start) / 1e9);
    }

    /** An event as the API's client sends it (the time as an ISO-8601 instant, which the API reads exactly). */
    static EventSchema toSchema(Event e) {
        EventSchema s = new EventSchema().eventId(e.eventId).userId(e.userId).itemId(e.itemId).type(e.type.wireName())
                .ts(Instant.ofEpochMilli(e.ts).toString()).category(e.category)
                .value(e.value == null ? null : BigDecimal.valueOf(e.value));
        if (e.context != null) {
            try {
                s.context(EventJson.MAPPER.readValue(e.context, CONTEXT));
            } catch (IOException ex) {
                throw new IllegalArgumentException("context of event " + e.eventId + " is not a JSON object", ex);
            }
        }
        return s;
    }

    interface Call<T> {
        T call() throws ApiException;
    }

    /** Calls, waiting out 503s (Kafka not ready yet) as the answer's Retry-After says, up to 10 attempts. */
    private static <T> T withRetries(String what, Call<T> call) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ApiException e) {
                if (e.getCode() == 503 && attempt < 10) {
                    long wait = e.getResponseHeaders() == null ? 2
                            : e.getResponseHeaders().firstValueAsLong("Retry-After").orElse(2);
                    Thread.sleep(wait * 1000);
                    continue;
                }
                throw new IOException(what + " " + ApiClients.describe(e), e);
            }
        }
    }

    private int lastDecile = -1;

    /** A progress bar redrawn in place on a terminal; one line per 10% otherwise (logs, CI). */
    private void printProgress(int done, int total, long startNanos) {
        if (progress == null) {
            return;
        }
        boolean terminal = System.console() != null;
        int decile = (int) ((long) done * 10 / Math.max(1, total));
        if (!terminal && decile == lastDecile && done < total) {
            return;
        }
        lastDecile = decile;
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        progress.printf("%s  [%s%s] %,d/%,d events  %,.0f events/s %s", terminal ? "\r" : "", "#".repeat(filled),
                ".".repeat(width - filled), done, total, done / secs, terminal ? "" : "\n");
        progress.flush();
    }
}

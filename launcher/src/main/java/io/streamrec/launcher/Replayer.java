package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.catalog.CatalogParser;
import io.streamrec.core.data.OnlineRetail;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays events through {@code POST /v1/events} in batches, the way an app would send them.
 * Timestamps can be shifted so the last event is "now" (gaps kept), and the replay can be paced in
 * event time ({@code speed} = event-time seconds per wall-clock second; 0 = as fast as possible).
 */
public final class Replayer {
    public record Result(int sent, int accepted, int rejected, double seconds) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiBase;
    private final String writeKey;
    private final int batchSize;
    private final PrintStream progress;

    public Replayer(String apiBase, String writeKey, int batchSize, PrintStream progress) {
        this.apiBase = apiBase;
        this.writeKey = writeKey;
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
        int stored = 0;
        List<String> items = new ArrayList<>(counts.keySet());
        for (int from = 0; from < items.size(); from += 1000) {
            ArrayNode body = EventJson.MAPPER.createArrayNode();
            for (String item : items.subList(from, Math.min(items.size(), from + 1000))) {
                ObjectNode n = body.addObject().put("itemId", item).put("available", true);
                OnlineRetail.Product p = products.get(item);
                if (p != null && p.description() != null) {
                    n.put("title", p.description().length() > CatalogParser.MAX_TITLE_LENGTH
                            ? p.description().substring(0, CatalogParser.MAX_TITLE_LENGTH) : p.description());
                }
                if (p != null && p.unitPrice() != null) {
                    n.put("price", p.unitPrice());
                }
                counts.get(item).entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey())).ifPresent(c -> n.put("category", c.getKey()));
            }
            stored += send("/v1/items", body.toString(), adminKey, 200).path("accepted").asInt();
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
            ArrayNode body = EventJson.MAPPER.createArrayNode();
            for (Event e : batch) {
                body.add(EventJson.toNode(e));
            }
            JsonNode answer = send("/v1/events", body.toString(), writeKey, 202);
            accepted += answer.path("accepted").asInt();
            rejected += answer.path("rejected").size();
            sent += batch.size();
            printProgress(sent, events.size(), start);
        }
        if (progress != null && System.console() != null) {
            progress.println();
        }
        return new Result(sent, accepted, rejected, (System.nanoTime() - start) / 1e9);
    }

    private JsonNode send(String path, String json, String key, int expected) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == expected) {
                return EventJson.MAPPER.readTree(r.body());
            }
            if (r.statusCode() == 503 && attempt < 10) {
                long wait = r.headers().firstValueAsLong("Retry-After").orElse(2);
                Thread.sleep(wait * 1000);
                continue;
            }
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
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

package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Replays events through {@code POST /v1/events} in batches, the way an app would send them.
 * Timestamps can be shifted so the last event is "now" (gaps kept), and the replay can be paced in
 * event time ({@code speed} = event-time seconds per wall-clock second; 0 = as fast as possible).
 */
public final class Replayer {
    public record Result(int sent, int accepted, int rejected, double seconds) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final int batchSize;
    private final PrintStream progress;

    public Replayer(String apiBase, int batchSize, PrintStream progress) {
        this.endpoint = URI.create(apiBase + "/v1/events");
        this.batchSize = batchSize;
        this.progress = progress;
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
            JsonNode answer = post(body.toString());
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

    private JsonNode post(String json) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                return EventJson.MAPPER.readTree(r.body());
            }
            if (r.statusCode() == 503 && attempt < 10) {
                long wait = r.headers().firstValueAsLong("Retry-After").orElse(2);
                Thread.sleep(wait * 1000);
                continue;
            }
            throw new IOException("POST /v1/events answered " + r.statusCode() + ": " + r.body());
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

package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Asks the API for recommendations of replayed customers until every one has a non-empty list. */
public final class SmokeCheck {
    private SmokeCheck() {}

    /** The {@code n} users with the most events (the ones a smoke test can expect answers for). */
    public static List<String> mostActiveUsers(List<Event> events, int n) {
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(e -> e.userId, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /**
     * Polls until each user has recommendations or the timeout passes. Returns the lists; throws with
     * a reason naming the users that had none.
     */
    public static Map<String, JsonNode> await(LocalStack stack, List<String> users, int k, Duration timeout, PrintStream out)
            throws IOException {
        Map<String, JsonNode> got = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String u : users) {
                if (got.containsKey(u)) {
                    continue;
                }
                HttpResponse<String> r = stack.get(stack.apiBase() + "/v1/users/"
                        + URLEncoder.encode(u, StandardCharsets.UTF_8).replace("+", "%20") + "/recommendations?k=" + k);
                if (r.statusCode() != 200) {
                    throw new IOException("GET recommendations for " + u + " answered " + r.statusCode() + ": " + r.body());
                }
                JsonNode body = EventJson.MAPPER.readTree(r.body());
                if (body.path("items").size() > 0) {
                    got.put(u, body);
                }
            }
            if (got.size() == users.size()) {
                return got;
            }
            String dead = stack.deadProcess();
            if (dead != null) {
                throw new IOException(dead);
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(users);
                missing.removeAll(got.keySet());
                throw new IOException("no recommendations within " + timeout.toSeconds() + " s for users " + missing);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}

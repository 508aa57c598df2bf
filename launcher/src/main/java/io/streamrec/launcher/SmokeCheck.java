package io.streamrec.launcher;

import io.streamrec.client.ApiException;
import io.streamrec.client.api.RecommendationsApi;
import io.streamrec.client.model.RecommendationResponse;
import io.streamrec.core.event.Event;
import java.io.IOException;
import java.io.PrintStream;
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
    public static Map<String, RecommendationResponse> await(LocalStack stack, List<String> users, int k, Duration timeout,
                                                            PrintStream out) throws IOException {
        RecommendationsApi api = new RecommendationsApi(stack.apiClient());
        Map<String, RecommendationResponse> got = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String u : users) {
                if (got.containsKey(u)) {
                    continue;
                }
                RecommendationResponse body;
                try {
                    body = api.recommendationsControllerRecommendations(u, k, null, null, null, null, null);
                } catch (ApiException e) {
                    throw new IOException("GET recommendations for " + u + " " + ApiClients.describe(e), e);
                }
                if (body.getItems() != null && !body.getItems().isEmpty()) {
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

package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The next-visit protocol: at the first event of each new session ({@link Sessions}) of a known user
 * (one with events before), the scenario ranks once from everything before the session, then learns
 * the whole session as usual. When the session ends (the user's next session opens, or the stream
 * ends) its positive items are the targets:
 * <ul>
 *   <li>{@code new_*}: the items of the session the user never touched before, against a top-20
 *       that leaves out every item the user touched (the shop's "discover" list);</li>
 *   <li>{@code repeats_*}: all positive items of the session, against a top-20 that may hold items
 *       the user touched before (buy again).</li>
 * </ul>
 * recall@K is the share of a session's targets in the top-K, NDCG@20 the binary NDCG with the ideal
 * ranking of min(|targets|, 20) hits, both averaged over the sessions with at least one target.
 * Sessions of unknown users are counted (users with one session only: {@code one_session_users}),
 * never scored. {@code new_recall@20[h]} splits the new-item recall by the number of the user's
 * sessions before the one scored ({@code 1}, {@code 2-4}, {@code 5+}): whether a scenario gains as a
 * user's history grows.
 */
final class NextVisit {
    static final int K = 20;

    static final String[] BUCKETS = {"1", "2-4", "5+"};

    static int bucket(int sessionsBefore) {
        return sessionsBefore <= 1 ? 0 : sessionsBefore <= 4 ? 1 : 2;
    }

    private static final class Open {
        final int bucket;
        final List<String> topNew;
        final List<String> topAll;
        final Set<String> targetsNew = new LinkedHashSet<>();
        final Set<String> targetsAll = new LinkedHashSet<>();

        Open(int bucket, List<String> topNew, List<String> topAll) {
            this.bucket = bucket;
            this.topNew = topNew;
            this.topAll = topAll;
        }
    }

    /** Sums of one target kind. */
    private static final class Score {
        long evaluable;
        double recall10;
        double recall20;
        double ndcg;

        void add(List<String> top, Set<String> targets) {
            if (targets.isEmpty()) {
                return;
            }
            evaluable++;
            int hits10 = 0, hits20 = 0;
            double dcg = 0;
            for (int i = 0; i < Math.min(K, top.size()); i++) {
                if (targets.contains(top.get(i))) {
                    hits20++;
                    hits10 += i < 10 ? 1 : 0;
                    dcg += 1 / log2(i + 2);
                }
            }
            double ideal = 0;
            for (int i = 0; i < Math.min(K, targets.size()); i++) {
                ideal += 1 / log2(i + 2);
            }
            recall10 += (double) hits10 / targets.size();
            recall20 += (double) hits20 / targets.size();
            ndcg += dcg / ideal;
        }

        void into(Map<String, Double> m, String prefix) {
            m.put(prefix + "recall@10", evaluable == 0 ? 0 : recall10 / evaluable);
            m.put(prefix + "recall@20", evaluable == 0 ? 0 : recall20 / evaluable);
            m.put(prefix + "ndcg@20", evaluable == 0 ? 0 : ndcg / evaluable);
            m.put(prefix + "evaluable", (double) evaluable);
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static Map<String, Double> run(Recommender r, List<Event> events, EventWeights weights, Sessions rule) {
        NextVisit p = new NextVisit(r, weights, rule);
        long t0 = System.nanoTime();
        for (Event e : events) {
            p.before(e);
            r.learn(e);
            p.after(e);
        }
        return p.result((System.nanoTime() - t0) / 1e9);
    }

    private final Recommender r;
    private final EventWeights weights;
    private final Sessions sessions;
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Map<String, Integer> sessionsOf = new HashMap<>();
    private final Map<String, Open> open = new HashMap<>();
    private final Score fresh = new Score(), all = new Score();
    private final Score[] byHistory = {new Score(), new Score(), new Score()};
    private long returning = 0;

    /** The protocol over {@code r}, driven event by event ({@link #before}, learn, {@link #after}). */
    NextVisit(Recommender r, EventWeights weights, Sessions rule) {
        this.r = r;
        this.weights = weights;
        this.sessions = rule.fresh();
    }

    /** Before {@code e} is learned: ranks when it opens a returning user's session; collects the targets. */
    void before(Event e) {
        Set<String> s = seen.get(e.userId);
        if (sessions.opens(e)) {
            sessionsOf.merge(e.userId, 1, Integer::sum);
            Open ended = open.remove(e.userId);
            if (ended != null) {
                score(ended);
            }
            if (s != null) {
                returning++;
                open.put(e.userId, new Open(bucket(sessionsOf.get(e.userId) - 1), r.recommend(e.userId, K, s, e.ts),
                        r.recommend(e.userId, K, Set.of(), e.ts)));
            }
        }
        Open o = open.get(e.userId);
        if (o != null && weights.weight(e) > 0) {
            o.targetsAll.add(e.itemId);
            if (!s.contains(e.itemId)) {
                o.targetsNew.add(e.itemId);
            }
        }
    }

    /** After {@code e} is learned. */
    void after(Event e) {
        seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
    }

    private void score(Open o) {
        fresh.add(o.topNew, o.targetsNew);
        all.add(o.topAll, o.targetsAll);
        byHistory[o.bucket].add(o.topNew, o.targetsNew);
    }

    /** The figures, once the stream has ended (scores the sessions still open). */
    Map<String, Double> result(double secs) {
        for (Open o : open.values()) {
            score(o);
        }
        open.clear();
        Map<String, Double> m = new LinkedHashMap<>();
        fresh.into(m, "new_");
        all.into(m, "repeats_");
        for (int b = 0; b < BUCKETS.length; b++) {
            Score h = byHistory[b];
            m.put("new_recall@20[" + BUCKETS[b] + "]", h.evaluable == 0 ? 0 : h.recall20 / h.evaluable);
            m.put("new_evaluable[" + BUCKETS[b] + "]", (double) h.evaluable);
        }
        m.put("sessions", (double) sessionsOf.values().stream().mapToInt(Integer::intValue).sum());
        m.put("returning_sessions", (double) returning);
        m.put("users", (double) sessionsOf.size());
        m.put("one_session_users", (double) sessionsOf.values().stream().filter(n -> n == 1).count());
        m.put("seconds", secs);
        return m;
    }
}

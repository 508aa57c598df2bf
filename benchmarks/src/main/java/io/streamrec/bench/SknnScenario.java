package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Session-based item-kNN, SKNN, as evaluated by Ludewig and Jannach, "Evaluation of session-based
 * recommendation algorithms", User Modeling and User-Adapted Interaction 28(4–5), 2018 (introduced
 * by Jannach and Ludewig, "When recurrent neural networks meet the neighborhood for session-based
 * recommendation", RecSys 2017). The query is the user's current session: the items of the user's
 * latest session with positive events ({@link Sessions}), or of its latest {@code querySessions}
 * such sessions. Candidate neighbours are the {@code sample} most recent past sessions that share an
 * item with the query (the query's own sessions left out); of those the {@code neighbours} most
 * similar by binary cosine, {@code |q ∩ n| / sqrt(|q|·|n|)}, are kept (the more recent first on a
 * tie), and an item scores the summed similarity of the neighbours that hold it.
 */
final class SknnScenario implements Recommender {
    private final String name;
    private final int neighbours;
    private final int sample;
    private final int querySessions;
    private final EventWeights weights;
    private final Sessions sessions;
    /** Positive items per session, by session id (ids grow with the session's first event). */
    private final List<Set<String>> items = new ArrayList<>();
    /** Per item, the ids of the sessions holding it, ascending. */
    private final Map<String, IntList> postings = new HashMap<>();
    /** Per user, the ids of its sessions with positive items, the latest last. */
    private final Map<String, IntList> userSessions = new HashMap<>();
    private final Map<String, Integer> current = new HashMap<>();

    SknnScenario(String name, int neighbours, int sample, int querySessions, Sessions rule, EventWeights weights) {
        this.name = name;
        this.neighbours = neighbours;
        this.sample = sample;
        this.querySessions = querySessions;
        this.sessions = rule.fresh();
        this.weights = weights;
    }

    /** Growable int list. */
    static final class IntList {
        int[] a = new int[4];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int last() {
            return a[n - 1];
        }
    }

    /** Ranking reads only. */
    @Override
    public boolean rankingLeavesNoTrace() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> recommend(String user, int k, Set<String> exclude, long now) {
        IntList own = userSessions.get(user);
        if (own == null) {
            return List.of();
        }
        Set<Integer> ownIds = new HashSet<>();
        Set<String> query = new HashSet<>();
        for (int j = own.n - 1; j >= Math.max(0, own.n - querySessions); j--) {
            ownIds.add(own.a[j]);
            query.addAll(items.get(own.a[j]));
        }
        // the most recent sessions sharing an item with the query, newest first: a merge of the query
        // items' postings from their ends; a session's pops count its items in common with the query
        PriorityQueue<int[]> tails = new PriorityQueue<>((a, b) -> Integer.compare(b[0], a[0])); // {session, item, pos}
        List<IntList> lists = new ArrayList<>(query.size());
        for (String i : query) {
            IntList p = postings.get(i);
            lists.add(p);
            tails.add(new int[] {p.a[p.n - 1], lists.size() - 1, p.n - 1});
        }
        Map<Integer, int[]> common = new HashMap<>();
        List<Integer> recent = new ArrayList<>();
        while (!tails.isEmpty()) {
            int[] top = tails.poll();
            int sid = top[0];
            if (!ownIds.contains(sid)) {
                int[] c = common.get(sid);
                if (c == null) {
                    if (recent.size() == sample) {
                        break; // every session newer than this one is counted in full
                    }
                    common.put(sid, c = new int[1]);
                    recent.add(sid);
                }
                c[0]++;
            }
            if (top[2] > 0) {
                IntList p = lists.get(top[1]);
                top[2]--;
                top[0] = p.a[top[2]];
                tails.add(top);
            }
        }
        // the most similar of the sample: min-heap on (similarity, recency)
        PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : Double.compare(a[1], b[1]));
        for (int sid : recent) {
            Set<String> n = items.get(sid);
            double sim = common.get(sid)[0] / Math.sqrt((double) query.size() * n.size());
            if (best.size() < neighbours) {
                best.add(new double[] {sim, sid});
            } else if (sim > best.peek()[0]) {
                best.poll();
                best.add(new double[] {sim, sid});
            }
        }
        Map<String, Double> score = new HashMap<>();
        for (double[] nb : best) {
            for (String i : items.get((int) nb[1])) {
                if (!exclude.contains(i)) {
                    score.merge(i, nb[0], Double::sum);
                }
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(score.entrySet());
        ranked.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        List<String> out = new ArrayList<>(k);
        for (int j = 0; j < Math.min(k, ranked.size()); j++) {
            out.add(ranked.get(j).getKey());
        }
        return out;
    }

    @Override
    public void learn(Event e) {
        if (sessions.opens(e)) {
            current.put(e.userId, items.size());
            items.add(new LinkedHashSet<>());
        }
        if (weights.weight(e) <= 0) {
            return;
        }
        int sid = current.get(e.userId);
        if (items.get(sid).add(e.itemId)) {
            postings.computeIfAbsent(e.itemId, i -> new IntList()).add(sid);
            IntList own = userSessions.computeIfAbsent(e.userId, u -> new IntList());
            if (own.n == 0 || own.last() != sid) {
                own.add(sid);
            }
        }
    }
}

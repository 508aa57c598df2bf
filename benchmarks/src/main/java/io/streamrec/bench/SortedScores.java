package io.streamrec.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * Item scores kept in ranking order (highest score first, item id on a tie): an update costs
 * O(log n), reading the best items costs O(k + skipped). Scaling every score (a forward-decay
 * rebase) rebuilds the order, since rounding may turn two close scores into a tie.
 */
final class SortedScores implements Iterable<String> {
    private final Map<String, Double> score = new HashMap<>();
    private TreeSet<String> order = newOrder();

    private TreeSet<String> newOrder() {
        return new TreeSet<>(Comparator.<String>comparingDouble(i -> -score.get(i)).thenComparing(i -> i));
    }

    /** Adds {@code delta} to the item's score (an absent item starts at 0). */
    void add(String item, double delta) {
        Double old = score.get(item);
        if (old != null) {
            order.remove(item);
        }
        score.put(item, old == null ? delta : old + delta);
        order.add(item);
    }

    /** Multiplies every score by {@code f}. */
    void scaleAll(double f) {
        score.replaceAll((k, v) -> v * f);
        TreeSet<String> o = newOrder();
        o.addAll(score.keySet());
        order = o;
    }

    /** The item's score, 0 when absent. */
    double score(String item) {
        return score.getOrDefault(item, 0.0);
    }

    int size() {
        return score.size();
    }

    /** Items best first. */
    @Override
    public Iterator<String> iterator() {
        return order.iterator();
    }

    /**
     * The {@code n} best items not in {@code exclude}, best first: what a scan of every score keeping the
     * {@code n} highest returns, ties in item-id order. O(n + skipped) steps of the sorted order.
     */
    java.util.List<String> best(int n, java.util.Set<String> exclude) {
        java.util.List<String> out = new java.util.ArrayList<>(Math.min(n, score.size()));
        for (String i : order) {
            if (out.size() >= n) {
                break;
            }
            if (!exclude.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Adds to {@code out} the best items not in {@code exclude} and not in {@code out} until it holds {@code k}. */
    void fill(java.util.List<String> out, int k, java.util.Set<String> exclude) {
        if (out.size() >= k) {
            return;
        }
        java.util.Set<String> already = out.isEmpty() ? java.util.Set.of() : new java.util.HashSet<>(out);
        for (String i : order) {
            if (out.size() >= k) {
                break;
            }
            if (!exclude.contains(i) && !already.contains(i)) {
                out.add(i);
            }
        }
    }
}

package io.streamrec.core.rank;

import java.util.HashMap;
import java.util.Map;

/**
 * A user's category interests now, at the short and the long time scale, as shares of the user's
 * positive interest (negative weights, e.g. from items removed from the cart, count as none).
 */
public final class InterestProfile {
    public static final InterestProfile EMPTY = new InterestProfile(Map.of(), Map.of());

    private final Map<String, Double> shortShare = new HashMap<>();
    private final Map<String, Double> longShare = new HashMap<>();
    private final double shortIntensity;
    private final double longIntensity;

    /** @param shortWeights category → short-term weight now; @param longWeights category → long-term weight now */
    public InterestProfile(Map<String, Double> shortWeights, Map<String, Double> longWeights) {
        this.shortIntensity = positiveSum(shortWeights);
        this.longIntensity = positiveSum(longWeights);
        shortWeights.forEach((c, w) -> {
            if (w > 0) {
                shortShare.put(c, w / shortIntensity);
            }
        });
        longWeights.forEach((c, w) -> {
            if (w > 0) {
                longShare.put(c, w / longIntensity);
            }
        });
    }

    private static double positiveSum(Map<String, Double> m) {
        double s = 0;
        for (double w : m.values()) {
            s += Math.max(0, w);
        }
        return s;
    }

    /** Share of the user's current (short-term) interest in {@code category}, 0…1. */
    public double shortShare(String category) {
        return share(shortShare, category);
    }

    /** Share of the user's lasting (long-term) interest in {@code category}, 0…1. */
    public double longShare(String category) {
        return share(longShare, category);
    }

    private static double share(Map<String, Double> shares, String category) {
        Double s = category == null ? null : shares.get(category); // no boxed default per call: this runs per candidate
        return s == null ? 0 : s;
    }

    /** Total positive short-term weight now: how hot the session is (≈ recent weighted events). */
    public double shortIntensity() {
        return shortIntensity;
    }

    public double longIntensity() {
        return longIntensity;
    }

    /** Categories ordered by {@code longTerm ? long : short} share, strongest first. */
    public java.util.List<String> strongest(boolean longTerm, int n) {
        Map<String, Double> m = longTerm ? longShare : shortShare;
        return m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(n).map(Map.Entry::getKey).toList();
    }
}

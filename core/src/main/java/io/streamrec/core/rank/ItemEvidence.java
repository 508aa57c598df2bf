package io.streamrec.core.rank;

import io.streamrec.core.rank.Ranker.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence-aware model scores (issue 25, part 2): an item whose vector has seen few updates gets its
 * model score shrunk towards a prior, with a confidence {@code u/(u+κ)} that grows with its evidence
 * {@code u}, the updates applied to its vector (the version the job publishes with it: every gradient
 * contribution, positive or sampled negative, counts one). Empirical Bayes on the linear score, before
 * the blend's sigmoid: {@code s' = c·s + (1−c)·prior}.
 *
 * <p>The prior is what the request's candidates of the item's category score on average, each weighted
 * by its own confidence (the category's centroid as far as this request sees it), itself shrunk towards
 * the request's confidence-weighted average over every candidate by one pseudo-candidate: a category
 * without a confident candidate falls back to the request's average. Everything the prior needs is in
 * the candidates, so the API and the benchmark compute the same scores from the same candidates.
 */
public final class ItemEvidence {
    private ItemEvidence() {}

    /**
     * How far an item's own model score is trusted after {@code updates} updates: {@code u/(u+κ)}; 1 when
     * {@code kappa} is 0 (shrinkage off) or the updates are unknown (NaN or negative).
     */
    public static double confidence(double updates, double kappa) {
        if (kappa <= 0 || !(updates >= 0)) {
            return 1;
        }
        return updates / (updates + kappa);
    }

    /**
     * The candidates with their model scores shrunk ({@link Candidate#withModel}); the same list when
     * {@code kappa} is 0. Candidates without a model score (NaN) are kept as they are and take no part in
     * the prior.
     */
    public static List<Candidate> shrink(List<Candidate> candidates, double kappa) {
        if (kappa <= 0) {
            return candidates;
        }
        double weight = 0;
        double sum = 0;
        Map<String, double[]> byCategory = new HashMap<>(); // category -> {Σ c, Σ c·s}
        for (Candidate x : candidates) {
            if (Double.isNaN(x.model)) {
                continue;
            }
            double c = confidence(x.evidence, kappa);
            weight += c;
            sum += c * x.model;
            if (x.category != null) {
                double[] a = byCategory.computeIfAbsent(x.category, k -> new double[2]);
                a[0] += c;
                a[1] += c * x.model;
            }
        }
        if (weight <= 0) { // no candidate has evidence: nothing to shrink towards but themselves
            return candidates;
        }
        double overall = sum / weight;
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (Candidate x : candidates) {
            double c = confidence(x.evidence, kappa);
            if (Double.isNaN(x.model) || c >= 1) {
                out.add(x);
                continue;
            }
            out.add(x.withModel(c * x.model + (1 - c) * prior(byCategory.get(x.category), overall)));
        }
        return out;
    }

    /** A category's confidence-weighted mean score, shrunk towards {@code overall} by one pseudo-candidate. */
    static double prior(double[] category, double overall) {
        return category == null ? overall : (category[1] + overall) / (category[0] + 1);
    }
}

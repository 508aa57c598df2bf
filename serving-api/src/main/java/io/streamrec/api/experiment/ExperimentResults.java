package io.streamrec.api.experiment;

import java.util.List;

/**
 * An experiment's results: per variant its counts, click-through and conversion rates (per impression)
 * with 95% intervals, and against control the relative lift with its 95% interval, the fixed-horizon
 * p-value of the z-test and the always-valid p-value (the lowest seen so far), which stays valid however
 * often the results are looked at. Variances come from users, not impressions (the delta method over the
 * per-user counts the job keeps), since one user's impressions are not independent. {@code sampleRatioMismatch} is true when the
 * users per variant are implausible under the shares (χ² p below 0.001): then do not trust the rest.
 */
public record ExperimentResults(String experimentId, boolean running, String control, double sampleRatioP,
                                boolean sampleRatioMismatch, List<VariantResult> variants) {

    /** A rate with its 95% interval (delta method). */
    public record Rate(double rate, double low, double high) {}

    /** A variant against control on one rate; lift fields are null when either rate is 0. */
    public record Comparison(Double lift, Double liftLow, Double liftHigh, double p, double alwaysValidP) {}

    public record VariantResult(String name, double share, long users, long impressions, long clicks, long addToCarts,
                                long purchases, double revenue, long unattributed, Rate clickThrough, Rate conversion,
                                Comparison clickThroughVsControl, Comparison conversionVsControl) {}
}

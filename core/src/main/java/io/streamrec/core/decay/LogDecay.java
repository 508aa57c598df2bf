package io.streamrec.core.decay;

/**
 * Exponentially decayed sums kept in log space against the fixed landmark 0 (the epoch):
 * {@code S = ln Σ w_k · 2^(t_k / halfLife)}. Adding a term is a log-add, exact and independent of the
 * order of arrival; the score only ever grows, so a replay can never lower a published one; and the
 * ranking of items by {@code S} equals their ranking by decayed value at any common time. The decayed
 * value at time {@code T} is {@code exp(S − T·ln2 / halfLife)}.
 */
public final class LogDecay {
    private static final double LN2 = Math.log(2);

    private LogDecay() {}

    /** The log score after adding weight {@code w > 0} observed at time {@code t} (ms) to {@code logScore}. */
    public static double add(double logScore, double w, long t, double halfLifeMillis) {
        double term = Math.log(w) + t * LN2 / halfLifeMillis;
        if (logScore == Double.NEGATIVE_INFINITY) {
            return term;
        }
        double hi = Math.max(logScore, term);
        double lo = Math.min(logScore, term);
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** The decayed value at time {@code now} (ms) of a log score. */
    public static double valueAt(double logScore, long now, double halfLifeMillis) {
        return Math.exp(logScore - now * LN2 / halfLifeMillis);
    }
}

package io.streamrec.core.decay;

import java.io.Serializable;

/**
 * Exponential time decay in the "forward decay" form (Cormode et al., 2009): a contribution w made
 * at event time t is stored as {@code w * 2^((t - landmark) / halfLife)}. Sums of stored values are
 * then independent of the order the contributions arrive in (a late event simply adds its own term),
 * and the decayed value at any time T is {@code stored * 2^(-(T - landmark) / halfLife)}.
 * Ranking by stored values equals ranking by decayed values at any common time, so lists can be
 * ordered without rewriting idle entries.
 */
public final class ForwardDecay implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Past this exponent (2^±900 stays far inside double range) the landmark must move. */
    public static final double MAX_EXPONENT = 900;

    private final double halfLifeMillis;

    public ForwardDecay(double halfLifeMillis) {
        if (!(halfLifeMillis > 0) || Double.isInfinite(halfLifeMillis)) {
            throw new IllegalArgumentException("half-life must be positive and finite, got " + halfLifeMillis);
        }
        this.halfLifeMillis = halfLifeMillis;
    }

    public static ForwardDecay ofHours(double hours) {
        return new ForwardDecay(hours * 3_600_000d);
    }

    public double halfLifeMillis() {
        return halfLifeMillis;
    }

    /** The factor a value decays by over {@code elapsedMillis} (may be negative: growth). */
    public double factor(double elapsedMillis) {
        return Math.pow(2, -elapsedMillis / halfLifeMillis);
    }

    /** The stored (landmark-relative) form of weight {@code w} observed at time {@code t}. */
    public double store(double w, long t, long landmark) {
        return w * factor(landmark - t);
    }

    /** The decayed value at time {@code at} of a stored value. */
    public double valueAt(double stored, long landmark, long at) {
        return stored * factor(at - landmark);
    }

    /**
     * Whether {@code t} lies so far past {@code landmark} that the stored values should be moved to a new
     * landmark at {@code t}. Only ever forward: a term far older than the landmark stores a vanishing
     * (at worst 0) value, which is its true weight to double precision, while moving the landmark back
     * would scale the stored values up past the double range.
     */
    public boolean needsRebase(long t, long landmark) {
        return (t - landmark) / halfLifeMillis > MAX_EXPONENT;
    }
}

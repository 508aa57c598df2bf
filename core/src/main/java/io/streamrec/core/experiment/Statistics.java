package io.streamrec.core.experiment;

/**
 * The statistics of an experiment's results: Wilson score intervals for a rate, the pooled
 * two-proportion z-test, the relative lift of a variant over control with its interval (log of the
 * ratio of rates, Katz et al. 1978), the sample-ratio-mismatch χ² test, and an always-valid p-value
 * for looking at a running experiment again and again (the mixture sequential probability ratio test
 * of Johari, Koomen, Pekelis and Walsh, "Always Valid Inference", Operations Research 2022), whose
 * running minimum may be read at any time without inflating false positives as repeated z-tests do.
 * Rates per impression take their variance from users ({@link RatioSums}): the per-impression tests
 * assume independent impressions and, on a simulated A/A test, call far more than 5 % of no-difference
 * splits significant at 5 % (docs/benchmarks.md, experiment).
 */
public final class Statistics {
    private Statistics() {}

    /** The two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    public record Interval(double low, double high) {}

    /** Wilson score interval of {@code successes} out of {@code n} at normal quantile {@code z}; [0, 1] for n = 0. */
    public static Interval wilson(long successes, long n, double z) {
        if (n <= 0) {
            return new Interval(0, 1);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The pooled two-proportion z statistic of b against a (positive when b's rate is higher); 0 when undefined. */
    public static double zStatistic(long xa, long na, long xb, long nb) {
        if (na <= 0 || nb <= 0) {
            return 0;
        }
        double pooled = (double) (xa + xb) / (na + nb);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / na + 1.0 / nb));
        return se == 0 ? 0 : ((double) xb / nb - (double) xa / na) / se;
    }

    /** Two-sided p-value of a standard normal statistic. */
    public static double twoSidedP(double z) {
        return Math.min(1, 2 * upperNormal(Math.abs(z)));
    }

    /**
     * Relative lift of b over a ({@code rate_b / rate_a − 1}) with its interval at {@code z}, from the
     * log of the ratio of rates; null when either rate is 0 (no ratio to take).
     */
    public static double[] lift(long xa, long na, long xb, long nb, double z) {
        if (xa <= 0 || xb <= 0 || na <= 0 || nb <= 0) {
            return null;
        }
        double pa = (double) xa / na;
        double pb = (double) xb / nb;
        double logRatio = Math.log(pb / pa);
        double se = Math.sqrt((1 - pa) / xa + (1 - pb) / xb);
        return new double[] {pb / pa - 1, Math.exp(logRatio - z * se) - 1, Math.exp(logRatio + z * se) - 1};
    }

    /**
     * Sample-ratio mismatch: the p-value of Pearson's χ² test that {@code observed} users were assigned
     * in the proportions {@code shares}. A tiny p-value (below 0.001, say) means the assignment or the
     * counting is broken and the experiment's results are not to be trusted.
     */
    public static double srmP(long[] observed, double[] shares) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        if (total == 0 || observed.length < 2) {
            return 1;
        }
        double chi2 = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * shares[i];
            chi2 += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        return chiSquareUpper(chi2, observed.length - 1);
    }

    /**
     * The always-valid p-value of one look (mSPRT with a normal mixture of variance {@code tau2} over
     * the difference of rates b − a); report the running minimum over looks.
     */
    public static double alwaysValidP(long xa, long na, long xb, long nb, double tau2) {
        if (na <= 0 || nb <= 0) {
            return 1;
        }
        double pa = (double) xa / na;
        double pb = (double) xb / nb;
        double v = pa * (1 - pa) / na + pb * (1 - pb) / nb;
        if (v <= 0) {
            return 1;
        }
        double diff = pb - pa;
        double logLambda = 0.5 * Math.log(v / (v + tau2)) + tau2 * diff * diff / (2 * v * (v + tau2));
        return Math.min(1, Math.exp(-logLambda));
    }

    /**
     * Per-variant sums over users for a ratio metric such as clicks per impression: {@code users} users,
     * {@code x} = Σ clicks, {@code y} = Σ impressions, and the sums of squares and products of the
     * per-user counts. One user's impressions are not independent of each other (a user who finds
     * nothing finds nothing ten times), so a rate's variance must come from users, not impressions:
     * the delta method (Deng, Knoblich and Lu, "Applying the Delta Method in Metric Analytics", KDD 2018).
     */
    public record RatioSums(long users, double x, double y, double xx, double yy, double xy) {
        public double rate() {
            return y == 0 ? 0 : x / y;
        }

        /** Variance of {@link #rate()} by the delta method; 0 with fewer than two users or no denominator. */
        public double variance() {
            if (users < 2 || y == 0) {
                return 0;
            }
            double n = users;
            double mx = x / n, my = y / n;
            double vx = (xx - n * mx * mx) / (n - 1);
            double vy = (yy - n * my * my) / (n - 1);
            double cxy = (xy - n * mx * my) / (n - 1);
            double r = mx / my;
            return Math.max(0, (vx - 2 * r * cxy + r * r * vy) / (n * my * my));
        }
    }

    /** The rate with its normal interval from the delta-method variance. */
    public static Interval deltaInterval(RatioSums s, double z) {
        double half = z * Math.sqrt(s.variance());
        return new Interval(Math.max(0, s.rate() - half), Math.min(1, s.rate() + half));
    }

    /** z statistic of b's rate against a's with delta-method variances (positive when b's is higher); 0 when undefined. */
    public static double deltaZ(RatioSums a, RatioSums b) {
        double v = a.variance() + b.variance();
        return v <= 0 ? 0 : (b.rate() - a.rate()) / Math.sqrt(v);
    }

    /** Relative lift of b over a with its interval from the delta method on the log ratio; null when a rate is 0. */
    public static double[] deltaLift(RatioSums a, RatioSums b, double z) {
        if (a.rate() <= 0 || b.rate() <= 0) {
            return null;
        }
        double logRatio = Math.log(b.rate() / a.rate());
        double se = Math.sqrt(a.variance() / (a.rate() * a.rate()) + b.variance() / (b.rate() * b.rate()));
        return new double[] {b.rate() / a.rate() - 1, Math.exp(logRatio - z * se) - 1, Math.exp(logRatio + z * se) - 1};
    }

    /** The always-valid p-value of one look with delta-method variances (see {@link #alwaysValidP}). */
    public static double alwaysValidP(RatioSums a, RatioSums b, double tau2) {
        double v = a.variance() + b.variance();
        if (v <= 0) {
            return 1;
        }
        double diff = b.rate() - a.rate();
        double logLambda = 0.5 * Math.log(v / (v + tau2)) + tau2 * diff * diff / (2 * v * (v + tau2));
        return Math.min(1, Math.exp(-logLambda));
    }

    /** P(X > x) for a standard normal X. */
    public static double upperNormal(double x) {
        return 0.5 * erfc(x / Math.sqrt(2));
    }

    /** The complementary error function, relative error below 1.2e-7 (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** P(X > x) for X χ²-distributed with {@code df} degrees of freedom. */
    public static double chiSquareUpper(double x, int df) {
        return x <= 0 ? 1 : upperGamma(df / 2.0, x / 2);
    }

    /** The regularised upper incomplete gamma function Q(a, x): a series below a + 1, a continued fraction above. */
    static double upperGamma(double a, double x) {
        double lnPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 1000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(lnPrefix));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(lnPrefix) * h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}

package io.streamrec.core.rank;

import java.util.Collection;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Thompson sampling over Bernoulli arms (here: categories, with impressions as trials and clicks as
 * successes): each arm's click rate gets a Beta(1 + clicks, 1 + impressions − clicks) posterior, one
 * draw per arm, the largest draw wins. Arms with little feedback have wide posteriors and win often
 * enough to be tried; arms that keep getting clicks win most of the time. Seeded: the same random
 * source gives the same choices.
 */
public final class ThompsonSampler {
    /** Feedback of one arm (decayed counts may be fractional). */
    public record Arm(double impressions, double clicks) {
        public double alpha() {
            return 1 + Math.max(0, clicks);
        }

        public double beta() {
            return 1 + Math.max(0, impressions - clicks);
        }
    }

    private ThompsonSampler() {}

    /** The arm among {@code eligible} with the largest posterior draw; null when there is none. */
    public static String choose(Collection<String> eligible, Map<String, Arm> feedback, SplittableRandom rnd) {
        String best = null;
        double bestDraw = -1;
        for (String arm : eligible) {
            Arm a = feedback.getOrDefault(arm, new Arm(0, 0));
            double draw = beta(a.alpha(), a.beta(), rnd);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = arm;
            }
        }
        return best;
    }

    /** A Beta(a, b) draw as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    public static double beta(double a, double b, SplittableRandom rnd) {
        double x = gamma(a, rnd);
        double y = gamma(b, rnd);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Marsaglia and Tsang (2000); shape below 1 boosted with U^(1/shape). */
    static double gamma(double shape, SplittableRandom rnd) {
        if (shape < 1) {
            return gamma(shape + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(rnd);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller: SplittableRandom has no nextGaussian on JDK 17
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}

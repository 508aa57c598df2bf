package io.streamrec.core.rank;

import io.streamrec.core.rank.Ranker.Candidate;
import java.util.ArrayList;
import java.util.List;

/**
 * One candidate's blended score for {@link Ranker}, kept with its parts (model, short and long interest,
 * trending, co-occurrence, content) so that the reasons shown with an item name the parts that carried it
 * (each at least a fifth of the score). {@link #blend} computes the same score without an object, for the
 * pass over every candidate that only needs the cut.
 */
final class BlendScore {
    /** A part gives a reason when it is at least this share of the item's score. */
    private static final double REASON_SHARE = 0.2;

    final Candidate c;
    final double score;
    final double model;
    final double shortI;
    final double longI;
    final double trend;
    final double together;
    final double content;
    boolean explored;
    /** The score before learned weights ({@link #reweighted}); null: this is it. */
    private BlendScore unweighted;

    BlendScore(Candidate c, double score, double model, double shortI, double longI, double trend, double together,
               double content) {
        this.c = c;
        this.score = score;
        this.model = model;
        this.shortI = shortI;
        this.longI = longI;
        this.trend = trend;
        this.together = together;
        this.content = content;
    }

    /** The parts the blend sums, in {@link BlendLearner#SIGNALS}' order. */
    double[] parts() {
        return new double[] {model, shortI, longI, trend, together, content};
    }

    /** The parts before any learned weights: what the weights are learned on. */
    double[] unweightedParts() {
        return unweighted == null ? parts() : unweighted.parts();
    }

    /** The same candidate scored with each part multiplied by its weight in {@code m}. */
    BlendScore reweighted(double[] m) {
        double mo = m[0] * model;
        double sh = m[1] * shortI;
        double lo = m[2] * longI;
        double tr = m[3] * trend;
        double to = m[4] * together;
        double co = m[5] * content;
        BlendScore r = new BlendScore(c, mo + sh + lo + tr + to + co, mo, sh, lo, tr, to, co);
        r.explored = explored;
        r.unweighted = this;
        return r;
    }

    List<String> reasons() {
        List<String> r = new ArrayList<>(3);
        String in = c.category == null ? "" : " in " + c.category;
        if (explored) {
            r.add("exploring" + (c.category == null ? "" : " " + c.category));
        }
        double floor = REASON_SHARE * score;
        if (model > 0 && model >= floor) {
            r.add("similar to items you viewed");
        }
        if (shortI > 0 && shortI >= floor) {
            r.add("your current interest" + in);
        }
        if (longI > 0 && longI >= floor) {
            r.add("you often shop" + (c.category == null ? " this" : " " + c.category));
        }
        if (trend > 0 && trend >= floor) {
            r.add("trending" + in);
        }
        if (together > 0 && together >= floor) {
            r.add("often taken together with your recent items");
        }
        if (content > 0 && content >= floor) {
            r.add(Ranker.CONTENT_REASON);
        }
        if (r.isEmpty()) {
            r.add(model > 0 ? "similar to items you viewed" : "popular");
        }
        return r;
    }

    static BlendScore of(Candidate c, RankConfig.Weights w, InterestProfile p, double maxTrend, Mix co) {
        double model = modelPart(c, w);
        double shortI = shortPart(c, w, p);
        double longI = longPart(c, w, p);
        double trend = trendPart(c, w, maxTrend);
        double rest = rest(co);
        double together = together(c, co);
        double content = content(c, co);
        return new BlendScore(c, rest * (model + shortI + longI + trend) + together + content, rest * model,
                rest * shortI, rest * longI, rest * trend, together, content);
    }

    /** {@link #of}'s blended score alone, computed the same way (so equal to the bit), without an object. */
    static double blend(Candidate c, RankConfig.Weights w, InterestProfile p, double maxTrend, Mix co) {
        double model = modelPart(c, w);
        double shortI = shortPart(c, w, p);
        double longI = longPart(c, w, p);
        double trend = trendPart(c, w, maxTrend);
        return rest(co) * (model + shortI + longI + trend) + together(c, co) + content(c, co);
    }

    /** The share of the score left to the model, interests and trending once co-occurrence and content took theirs. */
    private static double rest(Mix co) {
        return (1 - co.content) * (1 - co.share);
    }

    private static double together(Candidate c, Mix co) {
        return (1 - co.content) * co.share * c.cooccurrence / co.max;
    }

    private static double content(Candidate c, Mix co) {
        return c.content > 0 ? co.content * c.content / co.maxContent : 0;
    }

    /**
     * The shares of a request besides the blend: co-occurrence's and the largest candidate co-occurrence,
     * content's (after the user's history) and the largest candidate content; a share is 0 when no
     * candidate has that signal.
     */
    record Mix(double share, double max, double content, double maxContent) {}

    private static double modelPart(Candidate c, RankConfig.Weights w) {
        return Double.isNaN(c.model) ? 0 : w.model() * sigmoid(c.model);
    }

    private static double shortPart(Candidate c, RankConfig.Weights w, InterestProfile p) {
        return w.shortInterest() * p.shortShare(c.category);
    }

    private static double longPart(Candidate c, RankConfig.Weights w, InterestProfile p) {
        return w.longInterest() * p.longShare(c.category);
    }

    private static double trendPart(Candidate c, RankConfig.Weights w, double maxTrend) {
        return maxTrend > 0 ? w.trending() * c.trending / maxTrend : 0;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

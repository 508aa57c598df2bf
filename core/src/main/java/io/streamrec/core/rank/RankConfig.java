package io.streamrec.core.rank;

/**
 * How the final score is blended and the list re-ranked (see {@link Ranker}). Defaults chosen with the
 * quality benchmark's ablation (README, "Dynamic interests").
 *
 * @param modelWeight          weight of the model score for a user with a long history
 * @param longWeight           weight of the long-term category interest (before normalisation)
 * @param trendingWeight       weight of trending (before normalisation)
 * @param shortShare           largest share the short-term interest takes in a hot session
 * @param historyEvents        events at which the model gets half its full weight (confidence n/(n+this))
 * @param intensityEvents      recent (short-term) weight at which the session counts as half hot
 * @param exploreNew           share of the list explored for a user without history
 * @param exploreEstablished   share explored for a user with a long history
 * @param mmrLambda            MMR trade-off: 1 = relevance only, 0 = diversity only
 * @param interestFloor        a category with less than this share of the user's long-term interest is
 *                             one they "have not shown interest in" (an exploration arm)
 */
public record RankConfig(double modelWeight, double longWeight, double trendingWeight, double shortShare,
                         double historyEvents, double intensityEvents, double exploreNew, double exploreEstablished,
                         double mmrLambda, double interestFloor) {

    /** From configuration ({@code rank.*}). */
    public static RankConfig from(io.streamrec.core.config.StreamrecConfig c) {
        return new RankConfig(c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_MODEL_WEIGHT),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_LONG_WEIGHT),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_TRENDING_WEIGHT),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_SHORT_SHARE),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_HISTORY_EVENTS),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_INTENSITY_EVENTS),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_EXPLORE_NEW),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_EXPLORE_ESTABLISHED),
                c.getDouble(io.streamrec.core.config.StreamrecConfig.RANK_MMR_LAMBDA), 0.05);
    }

    /** The {@code rank.*} keys {@link #withOverrides} applies: what an experiment's variant may change. */
    public static final java.util.List<String> OVERRIDABLE = java.util.List.of("rank.model-weight", "rank.long-weight",
            "rank.trending-weight", "rank.short-share", "rank.history-events", "rank.intensity-events",
            "rank.explore-new", "rank.explore-established", "rank.mmr-lambda", RankConfig.BLEND);
    /** {@code rank.blend}: a variant may set it too; the API applies it (learned weights or none), not this class. */
    public static final String BLEND = "rank.blend";

    /** This blend with some of its keys ({@link #OVERRIDABLE}) set otherwise; values already validated. */
    public RankConfig withOverrides(java.util.Map<String, String> overrides) {
        double[] v = {modelWeight, longWeight, trendingWeight, shortShare, historyEvents, intensityEvents, exploreNew,
                exploreEstablished, mmrLambda};
        overrides.forEach((key, value) -> {
            if (key.equals(BLEND)) {
                return;
            }
            int i = OVERRIDABLE.indexOf(key);
            if (i < 0) {
                throw new IllegalArgumentException(key + ": not a key a variant may change (" + OVERRIDABLE + ")");
            }
            v[i] = Double.parseDouble(value.trim());
        });
        return new RankConfig(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], interestFloor);
    }

    /** Trending only (an experiment's {@code popularity} baseline): no model, interests, exploration or diversity. */
    public static RankConfig popularityOnly() {
        return new RankConfig(0, 0, 1, 0, 0, 1, 0, 0, 1, 0.05);
    }

    /** Only the model's score: no interests, no trending, no exploration, no diversity. */
    public static RankConfig modelOnly() {
        return new RankConfig(1, 0, 0, 0, 0, 1, 0, 0, 1, 0.05);
    }

    public static RankConfig defaults() {
        return new RankConfig(0.7, 0.02, 0.02, 0.2, 5, 3, 0.05, 0.0, 0.97, 0.05);
    }

    public RankConfig withoutExploration() {
        return new RankConfig(modelWeight, longWeight, trendingWeight, shortShare, historyEvents, intensityEvents, 0, 0,
                mmrLambda, interestFloor);
    }

    public RankConfig withoutDiversity() {
        return new RankConfig(modelWeight, longWeight, trendingWeight, shortShare, historyEvents, intensityEvents,
                exploreNew, exploreEstablished, 1.0, interestFloor);
    }

    public RankConfig withoutTrending() {
        return new RankConfig(modelWeight, longWeight, 0, shortShare, historyEvents, intensityEvents, exploreNew,
                exploreEstablished, mmrLambda, interestFloor);
    }

    public RankConfig withoutInterest() {
        return new RankConfig(modelWeight, 0, trendingWeight, 0, historyEvents, intensityEvents, exploreNew,
                exploreEstablished, mmrLambda, interestFloor);
    }

    /** The blend weights for a user: how much history they have and how hot their session is. */
    public Weights weights(double historyCount, double shortIntensity) {
        double m = confidence(historyCount);
        double s = shortIntensity <= 0 || shortShare == 0 ? 0 : shortIntensity / (shortIntensity + intensityEvents);
        double wm = modelWeight * m;
        double wl = longWeight;
        double wt = trendingWeight;
        double sum = wm + wl + wt;
        if (sum <= 0) {
            return new Weights(0, 0, 0, 1); // nothing to go on (no history, no interest or trending weight): popularity
        }
        double rest = 1 - shortShare * s;
        return new Weights(wm / sum * rest, shortShare * s, wl / sum * rest, wt / sum * rest);
    }

    /** Share of the list to explore: larger for new or uncertain users. */
    public double exploreShare(double historyCount) {
        double m = confidence(historyCount);
        return exploreEstablished + (exploreNew - exploreEstablished) * (1 - m);
    }

    /** How far the model is trusted after {@code historyCount} events: n/(n + historyEvents) (1 when that is 0); none without history. */
    double confidence(double historyCount) {
        if (historyCount <= 0) {
            return 0;
        }
        return historyEvents <= 0 ? 1 : historyCount / (historyCount + historyEvents);
    }

    /** Blend weights; they sum to 1. */
    public record Weights(double model, double shortInterest, double longInterest, double trending) {}
}

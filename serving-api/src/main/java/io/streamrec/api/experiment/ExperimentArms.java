package io.streamrec.api.experiment;

import io.streamrec.core.experiment.Assignment;
import io.streamrec.core.experiment.Experiment;
import io.streamrec.core.experiment.RecId;
import io.streamrec.core.rank.BlendWeights;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.core.rank.Ranker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ranking a user's recommendations take part in: the variant of the first running experiment (by
 * id) that assigns the user one, else the winner of the first stopped experiment that has one, else the
 * configured ranking. Run one experiment at a time per page: with several running, a response takes
 * part in the first only. Rankers are built once per experiment definition and variant.
 */
public final class ExperimentArms {
    /**
     * The ranking of one response; {@code experiment} and {@code variant} are null outside an experiment
     * (also when a stopped experiment's winner is served to everyone).
     */
    public record Arm(String experiment, String variant, Ranker ranker) {
        /**
         * Whether the lists of this arm teach the learned blend: those ranked with the configured blend's parts
         * (the configured ranking, or a variant that changes nothing but {@code rank.blend}); a baseline's or a
         * variant's other weights give parts on another scale.
         */
        public boolean feedsBlend(RankConfig configured, Ranker configuredRanker) {
            return ranker.config().equals(configured)
                    && ranker.cooccurrenceShare() == configuredRanker.cooccurrenceShare()
                    && ranker.contentShare() == configuredRanker.contentShare()
                    && ranker.itemEvidence() == configuredRanker.itemEvidence();
        }

        /** A fresh id for a response of this arm, for clients to echo in {@code context.recId}. */
        public String nextRecId() {
            return RecId.next(experiment, variant).toString();
        }
    }

    private final ExperimentStore store;
    private final RankConfig base;
    private final Arm defaultArm;
    /** The learned blend weights, for variants that set {@code rank.blend} to {@code learned}. */
    private final BlendWeights learned;
    private final Map<String, Ranker> rankers = new ConcurrentHashMap<>();

    /**
     * @param defaultRanker the configured ranking (with the learned weights when {@code rank.blend} is learned)
     * @param learned       the learned weights a variant's {@code rank.blend} override may turn on
     */
    public ExperimentArms(ExperimentStore store, RankConfig base, Ranker defaultRanker, BlendWeights learned) {
        this.store = store;
        this.base = base;
        this.defaultArm = new Arm(null, null, defaultRanker);
        this.learned = learned;
    }

    public ExperimentArms(ExperimentStore store, RankConfig base, Ranker defaultRanker) {
        this(store, base, defaultRanker, defaultRanker.learnedWeights());
    }

    /** Whether the lists of {@code arm} teach the learned blend ({@link Arm#feedsBlend}). */
    public boolean feedsBlend(Arm arm) {
        return arm == defaultArm || arm.feedsBlend(base, defaultArm.ranker());
    }

    public Arm armFor(String userId) {
        Map<String, Experiment> all = store.all();
        for (Experiment e : all.values()) {
            if (e.running()) {
                String variant = Assignment.variantOf(e, userId);
                if (variant != null) {
                    return new Arm(e.id(), variant, ranker(e, variant));
                }
            }
        }
        for (Experiment e : all.values()) {
            if (!e.running() && e.winner() != null) {
                return new Arm(null, null, ranker(e, e.winner()));
            }
        }
        return defaultArm;
    }

    private Ranker ranker(Experiment e, String variant) {
        return rankers.computeIfAbsent(e.id() + "\u0000" + variant + "\u0000" + e.updatedAt(), k -> {
            Experiment.Variant v = e.variant(variant);
            RankConfig config;
            if (v == null) {
                config = base;
            } else if ("popularity".equals(v.baseline())) {
                config = RankConfig.popularityOnly();
            } else if ("model_only".equals(v.baseline())) {
                config = RankConfig.modelOnly();
            } else {
                config = base.withOverrides(v.overrides());
            }
            boolean baseline = v != null && v.baseline() != null;
            Ranker r = new Ranker(config, baseline ? 0 : defaultArm.ranker().cooccurrenceShare(),
                    baseline ? 0 : defaultArm.ranker().contentShare());
            if (baseline) {
                return r;
            }
            r = r.withItemEvidence(defaultArm.ranker().itemEvidence());
            // the blend as configured, unless the variant sets rank.blend (learned against hand-set: an A/B test)
            String blend = v == null ? null : v.overrides().get(RankConfig.BLEND);
            BlendWeights weights = blend == null ? defaultArm.ranker().learnedWeights()
                    : "learned".equals(blend.trim()) ? learned : null;
            return r.withLearnedWeights(weights);
        });
    }
}

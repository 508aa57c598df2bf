package io.streamrec.api.experiment;

import io.streamrec.core.experiment.Assignment;
import io.streamrec.core.experiment.Experiment;
import io.streamrec.core.experiment.RecId;
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
        /** A fresh id for a response of this arm, for clients to echo in {@code context.recId}. */
        public String nextRecId() {
            return RecId.next(experiment, variant).toString();
        }
    }

    private final ExperimentStore store;
    private final RankConfig base;
    private final Arm defaultArm;
    private final Map<String, Ranker> rankers = new ConcurrentHashMap<>();

    public ExperimentArms(ExperimentStore store, RankConfig base, Ranker defaultRanker) {
        this.store = store;
        this.base = base;
        this.defaultArm = new Arm(null, null, defaultRanker);
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
            return new Ranker(config, baseline ? 0 : defaultArm.ranker().cooccurrenceShare(),
                    baseline ? 0 : defaultArm.ranker().contentShare());
        });
    }
}

package io.streamrec.api.experiment;

import io.streamrec.core.experiment.Experiment;
import java.util.List;
import java.util.Map;

/**
 * An experiment as the API shows it (and takes it in a PUT, without {@code id} and {@code updatedAt}).
 *
 * @param salt    mixed into the assignment hash; given, or kept from the previous definition, or random
 * @param forced  user id → variant, for QA
 * @param running true: users are split over the variants; false: everyone gets {@code winner}, or the
 *                default ranking when there is none
 */
public record ExperimentView(String id, String salt, List<VariantView> variants, Map<String, String> forced,
                             boolean running, String winner, long updatedAt) {

    /**
     * @param share     fraction of users, all variants' summing to 1
     * @param baseline  absent (the served ranking with {@code overrides}), {@code popularity} (trending only) or
     *                  {@code model_only}
     * @param overrides {@code rank.*} configuration keys and their values for this variant
     */
    public record VariantView(String name, double share, String baseline, Map<String, String> overrides) {}

    static ExperimentView of(Experiment e) {
        return new ExperimentView(e.id(), e.salt(), e.variants().stream()
                .map(v -> new VariantView(v.name(), v.share(), v.baseline(), v.overrides())).toList(), e.forced(),
                e.running(), e.winner(), e.updatedAt());
    }
}

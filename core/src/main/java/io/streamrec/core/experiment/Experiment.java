package io.streamrec.core.experiment;

import io.streamrec.core.config.StreamrecConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An A/B test: variants with traffic shares summing to 1, each a ranking (overrides of {@code rank.*}
 * keys, or a named baseline), users assigned by a salted hash of their id ({@link Assignment}).
 * {@code forced} pins users to a variant (QA). A stopped experiment serves its {@code winner} to
 * everyone, or the default ranking when it has none.
 *
 * @param id        1–64 of letters, digits, '-' and '_'
 * @param salt      mixed into the hash so assignments are independent across experiments
 * @param running   whether it splits traffic now
 * @param winner    the variant a stopped experiment serves; null = the default ranking
 * @param updatedAt when it was last changed (epoch ms; the newer definition wins)
 */
public record Experiment(String id, String salt, List<Variant> variants, Map<String, String> forced, boolean running,
                         String winner, long updatedAt) {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Shares must sum to 1 within this. */
    static final double SHARE_TOLERANCE = 1e-6;

    /**
     * One arm of an experiment.
     *
     * @param name      1–64 of letters, digits, '-' and '_'
     * @param share     its fraction of the experiment's users, in (0, 1]
     * @param baseline  null (the model's ranking with {@code overrides}), {@code popularity} (trending only) or
     *                  {@code model_only} (the model's scores, no interests, trending or exploration)
     * @param overrides {@code rank.*} keys and values, validated like the config file's
     */
    public record Variant(String name, double share, String baseline, Map<String, String> overrides) {
        public Variant {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }
    }

    public static final Set<String> BASELINES = Set.of("popularity", "model_only");

    public Experiment {
        variants = variants == null ? List.of() : List.copyOf(variants);
        forced = forced == null ? Map.of() : Map.copyOf(forced);
    }

    /**
     * What is wrong with this definition, one entry per problem, each naming its field
     * ({@code variants[1].share}, {@code variants[0].overrides.rank.mmr-lambda}, …); empty when valid.
     * Overrides are checked against {@code config}'s key definitions.
     */
    public List<String> problems(StreamrecConfig config) {
        List<String> out = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            out.add("id: 1-64 letters, digits, '-' or '_'");
        }
        if (salt == null || salt.isBlank() || salt.length() > 128) {
            out.add("salt: 1-128 characters");
        }
        if (variants.size() < 2 || variants.size() > 16) {
            out.add("variants: 2 to 16 variants");
        }
        Set<String> names = new HashSet<>();
        double sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            String at = "variants[" + i + "]";
            if (v == null) {
                out.add(at + ": required");
                continue;
            }
            if (v.name() == null || !ID.matcher(v.name()).matches()) {
                out.add(at + ".name: 1-64 letters, digits, '-' or '_'");
            } else if (!names.add(v.name())) {
                out.add(at + ".name: duplicate variant '" + v.name() + "'");
            }
            if (!(v.share() > 0 && v.share() <= 1)) {
                out.add(at + ".share: a fraction in (0, 1]");
            } else {
                sum += v.share();
            }
            if (v.baseline() != null && !BASELINES.contains(v.baseline())) {
                out.add(at + ".baseline: one of " + BASELINES + " or absent");
            }
            if (v.baseline() != null && !v.overrides().isEmpty()) {
                out.add(at + ".overrides: a baseline takes no overrides");
            }
            v.overrides().forEach((key, value) -> {
                if (!key.startsWith("rank.")) {
                    out.add(at + ".overrides." + key + ": only rank.* keys may vary per variant");
                } else {
                    try {
                        config.withOverrides(Map.of(key, value));
                    } catch (StreamrecConfig.ConfigException e) {
                        out.add(at + ".overrides." + e.getMessage().substring(e.getMessage().indexOf("- ") + 2));
                    }
                }
            });
        }
        if (out.stream().noneMatch(p -> p.contains(".share")) && !variants.isEmpty()
                && Math.abs(sum - 1) > SHARE_TOLERANCE) {
            out.add("variants: shares sum to " + sum + ", not 1");
        }
        forced.forEach((user, variant) -> {
            if (!names.contains(variant)) {
                out.add("forced." + user + ": no variant '" + variant + "'");
            }
        });
        if (winner != null && !names.contains(winner)) {
            out.add("winner: no variant '" + winner + "'");
        }
        return out;
    }

    /** The variant named {@code name}, or null. */
    public Variant variant(String name) {
        for (Variant v : variants) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }
}

package io.streamrec.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.experiment.Experiment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's JSON read from a request or from Redis, each wrong type or unknown field named; it is
 * written as {@link ExperimentView}. The shape: {@code {"salt", "variants": [{"name", "share", "baseline", "overrides": {}}],
 * "forced": {userId: variant}, "running", "winner", "updatedAt"}}.
 */
final class ExperimentJson {
    private static final Set<String> FIELDS = Set.of("id", "salt", "variants", "forced", "running", "winner", "updatedAt");
    private static final Set<String> VARIANT_FIELDS = Set.of("name", "share", "baseline", "overrides");

    private ExperimentJson() {}

    /** The definition in {@code n} for experiment {@code id}; type problems go to {@code problems}. */
    static Experiment read(String id, JsonNode n, String defaultSalt, long updatedAt, List<String> problems) {
        if (n == null || !n.isObject()) {
            problems.add("body: an experiment object");
            return null;
        }
        unknown(n, FIELDS, "", problems);
        if (n.has("id") && !id.equals(n.get("id").asText())) {
            problems.add("id: differs from the path");
        }
        String salt = text(n, "salt", "salt", problems, defaultSalt);
        List<Experiment.Variant> variants = new ArrayList<>();
        JsonNode vs = n.get("variants");
        if (vs == null || !vs.isArray()) {
            problems.add("variants: an array of variants");
        } else {
            for (int i = 0; i < vs.size(); i++) {
                String at = "variants[" + i + "]";
                JsonNode v = vs.get(i);
                if (!v.isObject()) {
                    problems.add(at + ": an object");
                    continue;
                }
                unknown(v, VARIANT_FIELDS, at + ".", problems);
                JsonNode share = v.get("share");
                if (share == null || !share.isNumber()) {
                    problems.add(at + ".share: a number");
                }
                variants.add(new Experiment.Variant(text(v, "name", at + ".name", problems, null),
                        share != null && share.isNumber() ? share.asDouble() : Double.NaN,
                        text(v, "baseline", at + ".baseline", problems, null),
                        strings(v.get("overrides"), at + ".overrides", problems)));
            }
        }
        Map<String, String> forced = strings(n.get("forced"), "forced", problems);
        JsonNode running = n.get("running");
        if (running != null && !running.isBoolean()) {
            problems.add("running: true or false");
        }
        return new Experiment(id, salt, variants, forced, running == null || running.asBoolean(),
                text(n, "winner", "winner", problems, null), updatedAt);
    }

    private static void unknown(JsonNode n, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.add(prefix + f + ": unknown field");
            }
        }
    }

    private static String text(JsonNode n, String field, String at, List<String> problems, String def) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isTextual()) {
            problems.add(at + ": a string");
            return def;
        }
        return v.asText();
    }

    private static Map<String, String> strings(JsonNode n, String at, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            problems.add(at + ": an object of strings");
            return out;
        }
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                problems.add(at + "." + e.getKey() + ": a string or number");
            }
        });
        return out;
    }
}

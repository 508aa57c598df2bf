package io.streamrec.core.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@code include=repeats} mixes a user's buy-again items into a ranked list (the API serves it,
 * a benchmark can score the same thing): the strongest repeats first, in up to {@code share} of the
 * {@code k} slots (rounded up), then the ranked items that are not repeats, cut to {@code k}.
 */
public final class RepeatBlend {
    private RepeatBlend() {}

    /** How many of {@code k} slots repeats may take. */
    public static int slots(int k, double share) {
        return Math.max(0, Math.min(k, (int) Math.ceil(k * share)));
    }

    /** The blended list of item ids; {@code repeats} and {@code ranked} best first. */
    public static List<String> merge(List<String> repeats, List<String> ranked, int k, double share) {
        Set<String> out = new LinkedHashSet<>();
        int slots = slots(k, share);
        for (String id : repeats) {
            if (out.size() == slots) {
                break;
            }
            out.add(id);
        }
        for (String id : ranked) {
            if (out.size() >= k) {
                break;
            }
            out.add(id);
        }
        return new ArrayList<>(out);
    }
}

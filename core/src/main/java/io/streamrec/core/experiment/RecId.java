package io.streamrec.core.experiment;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of one recommendation response, which clients echo in {@code context.recId} of the
 * impressions, clicks and purchases that follow: {@code r1.<experiment>.<variant>.<nonce>}, so the job
 * can attribute those events without a lookup. Outside an experiment both names are {@code _}.
 */
public record RecId(String experiment, String variant, String nonce) {
    public static final String NONE = "_";
    private static final Pattern FORMAT = Pattern.compile("r1\\.([A-Za-z0-9_-]{1,64})\\.([A-Za-z0-9_-]{1,64})\\.([A-Za-z0-9_-]{1,32})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh id for a response of {@code variant} of {@code experiment} (nulls: no experiment). */
    public static RecId next(String experiment, String variant) {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return new RecId(experiment == null ? NONE : experiment, variant == null ? NONE : variant,
                Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** The id in a client's {@code context.recId}, or null when it is not one of ours. */
    public static RecId parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? new RecId(m.group(1), m.group(2), m.group(3)) : null;
    }

    /** Whether the response was part of an experiment. */
    public boolean inExperiment() {
        return !NONE.equals(experiment);
    }

    @Override
    public String toString() {
        return "r1." + experiment + "." + variant + "." + nonce;
    }
}

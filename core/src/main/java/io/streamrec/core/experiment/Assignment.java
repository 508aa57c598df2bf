package io.streamrec.core.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which variant of an experiment a user sees: the first 53 bits of SHA-256(salt, experiment id, user
 * id) as a uniform number in [0, 1), placed on the variants' cumulative shares. Stable (the same user,
 * salt and shares always give the same variant, in every process and language), uniform, and
 * independent across experiments with different salts. Forced users get their pinned variant; a stopped
 * experiment gives everyone its winner (null: the default ranking).
 */
public final class Assignment {
    private Assignment() {}

    /** The variant's name, or null when the user gets the default ranking. */
    public static String variantOf(Experiment e, String userId) {
        if (!e.running()) {
            return e.winner();
        }
        String forced = e.forced().get(userId);
        if (forced != null) {
            return forced;
        }
        double u = unit(e.salt(), e.id(), userId);
        double cumulative = 0;
        for (Experiment.Variant v : e.variants()) {
            cumulative += v.share();
            if (u < cumulative) {
                return v.name();
            }
        }
        return e.variants().get(e.variants().size() - 1).name(); // shares summing to 1 - ε
    }

    /** The user's uniform number in [0, 1) for this salt and experiment. */
    static double unit(String salt, String experimentId, String userId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] h = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (h[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}

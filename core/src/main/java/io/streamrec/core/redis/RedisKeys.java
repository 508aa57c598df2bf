package io.streamrec.core.redis;

import java.util.List;

/**
 * The Redis key layout, the contract between the Flink job (writer) and the API (reader).
 * Documented in {@code redis/KEYS.md}; keep the two in step.
 *
 * <p>Every key of one user shares the hash tag {@code {u:<userId>}}, and every key of one item the
 * tag {@code {i:<itemId>}}, so a user's keys live in one Redis Cluster slot and the Lua scripts that
 * touch several of them stay valid on a cluster.
 */
public final class RedisKeys {
    public static final String PREFIX = "sr:";

    private RedisKeys() {}

    /**
     * STRING: the user's recent items, bought items and category interests in one binary value
     * ({@link io.streamrec.core.interest.UserLists}), written whole by the job after each of the user's events.
     */
    public static String userLists(String userId) {
        return PREFIX + userTag(userId) + ":lists";
    }

    /**
     * HASH where earlier releases kept the versions of the user's values; no longer written (each value
     * starts with its version: {@link UserValueVersions}), read for a user without lists (the first write
     * after an upgrade), deleted with the user's other keys.
     */
    public static String userMeta(String userId) {
        return PREFIX + userTag(userId) + ":meta";
    }

    /** STRING: the user's factor vector (binary, {@link io.streamrec.core.vector.VectorCodec}). */
    public static String userVector(String userId) {
        return PREFIX + userTag(userId) + ":vec";
    }

    /**
     * STRING: the user's re-purchase cycles, per bought item its decayed order count, typical interval and
     * latest order (binary, {@link io.streamrec.core.model.RepurchaseCodec}); what buy again is scored from.
     */
    public static String userRebuy(String userId) {
        return PREFIX + userTag(userId) + ":rebuy";
    }

    /**
     * The keys earlier releases kept a user's recent items (ZSET), bought items (ZSET) and interests (HASH)
     * in, before {@link #userLists}: the job deletes them at a user's first write of the lists, a
     * forget-user deletes them with the others, and they expire with the user's time to live.
     */
    public static List<String> legacyUserKeys(String userId) {
        String tag = PREFIX + userTag(userId);
        return List.of(tag + ":recent", tag + ":bought", tag + ":interest");
    }

    /** Every key the system keeps about one user (used to forget a user), the legacy ones included. */
    public static List<String> allUserKeys(String userId) {
        List<String> legacy = legacyUserKeys(userId);
        return List.of(userLists(userId), userMeta(userId), userVector(userId), userRebuy(userId),
                legacy.get(0), legacy.get(1), legacy.get(2));
    }

    /** The pattern that matches every key of one user (for SCAN in checks and tests). */
    public static String userKeyPattern(String userId) {
        StringBuilder b = new StringBuilder(PREFIX);
        for (char c : userTag(userId).toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append(":*").toString();
    }

    /** HASH itemId → the item's factor vector (binary, bias in the last slot). */
    public static final String ITEM_VECTORS = PREFIX + "{items}:vec";
    /** HASH itemId → the item's context vector q (binary): its weight when it is in a user's recent context. */
    public static final String ITEM_CONTEXT_VECTORS = PREFIX + "{items}:ctx";
    /**
     * HASH itemId → the item's co-occurring items and their shares (binary, {@link
     * io.streamrec.core.model.CoOccurrenceCodec}): what was bought together with it.
     */
    public static final String ITEM_COOCCURRENCE = PREFIX + "{items}:cooc";
    /**
     * The change feed, a STREAM: an entry per script call of the item-vector writes naming the items it wrote
     * ({@link #CHANGE_ITEMS}), an entry per catalogue change ({@link #CHANGE_CATALOG}).
     */
    public static final String ITEM_CHANGES = PREFIX + "{items}:changes";
    /**
     * ZSET itemId → log of the item's decayed popularity (see {@link io.streamrec.core.decay.LogDecay}),
     * for a half-life window such as "1h" or "24h"; overall.
     */
    public static String trending(String window) {
        return PREFIX + "{trending}:" + window;
    }

    /** As {@link #trending(String)}, within one category. */
    public static String trending(String window, String category) {
        return PREFIX + "{trending}:" + window + ":c:" + category;
    }

    /** HASH itemId → the item's catalogue entry (compact JSON, {@link io.streamrec.core.catalog.CatalogItem}). */
    public static final String ITEM_CATALOG = PREFIX + "{items}:catalog";
    /**
     * HASH itemId → the unit embedding of the item's catalogue text (title and description; binary
     * float32, {@link io.streamrec.core.vector.VectorCodec}), written by the API after a catalogue write.
     */
    public static final String ITEM_TEXT_VECTORS = PREFIX + "{items}:text";

    /**
     * HASH category → "impressions clicks refTs": exploration feedback per category (decayed counts at
     * refTs, epoch ms), the arms of the API's Thompson sampling.
     */
    public static final String EXPLORE_ARMS = PREFIX + "{explore}:arms";

    /** Hash: experiment id → its definition (JSON). All experiment keys share the {exp} slot. */
    public static final String EXPERIMENTS = PREFIX + "{exp}:defs";
    /**
     * HASH of the blend's weights learned by the job: {@code lineage}, {@code version}, {@code weights}
     * (float32 segments × signals, {@code BlendWeights.Snapshot}), {@code steps}, {@code updatedAt}.
     */
    public static final String BLEND_WEIGHTS = PREFIX + "{blend}:weights";

    /** Hash of one experiment's counts: {@code <variant>.<metric>} → total (written whole by the job). */
    public static String experimentCounts(String experimentId) {
        return PREFIX + "{exp}:counts:" + experimentId;
    }

    /** Hash of one experiment's running minimum of always-valid p-values: {@code <variant>.<metric>} → p (the API). */
    public static String experimentAlwaysValidP(String experimentId) {
        return PREFIX + "{exp}:avp:" + experimentId;
    }

    /**
     * Field names of {@link #ITEM_CHANGES} entries: the job's vector changes carry {@link #CHANGE_ITEMS}
     * (releases before carried {@link #CHANGE_ITEM} and {@link #CHANGE_VERSION}, one item each), a
     * catalogue change {@link #CHANGE_CATALOG}. This one: one item whose vectors changed.
     */
    public static final String CHANGE_ITEM = "i";
    /**
     * A change-feed entry's field: the items whose vectors one write changed, separated by newlines
     * (ids hold no control characters: the event contract).
     */
    public static final String CHANGE_ITEMS = "is";
    public static final String CHANGE_CATALOG = "c";
    public static final String CHANGE_VERSION = "v";

    /** HASH fields of {@link #userMeta}, as earlier releases wrote them. */
    public static final String META_RECENT_VERSION = "recent.version";
    public static final String META_UPDATED_AT = "updatedAt";
    /** Set by write_user_lists.lua once the user's lists are in {@link #userLists} (earlier releases' keys deleted). */
    public static final String META_LISTS = "lists";
    /** The prefixes of the meta fields of the user's vector and re-purchase cycles ({@code <prefix>.version}, {@code .updatedAt}). */
    public static final String META_VECTOR = "vec";
    public static final String META_REBUY = "rebuy";
    public static final String META_VECTOR_VERSION = META_VECTOR + ".version";
    public static final String META_REBUY_VERSION = META_REBUY + ".version";

    /** A field value of {@link #EXPLORE_ARMS}: "impressions clicks refTs". */
    public static String armValue(double impressions, double clicks, long refTs) {
        return impressions + " " + clicks + " " + refTs;
    }

    /** {impressions, clicks, refTs} of an {@link #armValue}, or null when the value is not one. */
    public static double[] parseArmValue(String value) {
        double[] v = parseNumbers(value, 3);
        return v == null || v[2] != Math.rint(v[2]) ? null : v; // refTs is whole epoch milliseconds
    }

    private static double[] parseNumbers(String value, int n) {
        String[] f = value.split(" ");
        if (f.length != n) {
            return null;
        }
        double[] out = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Double.parseDouble(f[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    static String userTag(String userId) {
        return "{u:" + userId + "}";
    }

    static String itemTag(String itemId) {
        return "{i:" + itemId + "}";
    }
}

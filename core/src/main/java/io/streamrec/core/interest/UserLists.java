package io.streamrec.core.interest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the learning job publishes about a user besides their vector, in one binary value
 * ({@code sr:{u:<id>}:lists}): their recent items with their weights, the items they bought with the
 * time of the latest purchase, and their category interests on the short and the long time scale.
 * One value written whole per event costs Redis a {@code SET} of a few hundred bytes to a few KB, where
 * sorted sets and a hash cost an insertion into a list of up to 100 members (Redis parses the score
 * of every member it passes) and a field per category.
 *
 * <p>The recent items' weights are in forward form against a landmark: only their ratios mean anything
 * (rank them, normalise them). The interests are decayed to {@code refTs}, the time of the user's
 * latest event; readers decay them further to their own time ({@link CategoryInterests#decayed}).
 *
 * <p>Layout, little-endian: version int64, refTs epoch ms int64, the counts of recent items, bought items
 * and categories (int32 each); then per recent item its id (length uint16, UTF-8 bytes) and weight
 * (float64); per bought item its id and epoch ms (int64); per category its name, short and long
 * interest (float64 each).
 */
public record UserLists(long version, long refTs, String[] items, double[] weights, String[] bought, long[] boughtTs,
                        String[] categories, double[] shortInterest, double[] longInterest) {
    static final int HEADER_BYTES = 8 + 8 + 3 * 4;
    private static final String[] NONE = new String[0];

    public UserLists {
        if (items.length != weights.length || bought.length != boughtTs.length
                || categories.length != shortInterest.length || categories.length != longInterest.length) {
            throw new IllegalArgumentException("every list needs one value per member");
        }
    }

    /** An empty list of everything at {@code version} and {@code refTs}; add to it with the {@code with…} methods. */
    public static UserLists empty(long version, long refTs) {
        return new UserLists(version, refTs, NONE, new double[0], NONE, new long[0], NONE, new double[0], new double[0]);
    }

    /** These lists with a recent item added (tests and seeding). */
    public UserLists withRecent(String item, double weight) {
        int n = items.length;
        String[] i = Arrays.copyOf(items, n + 1);
        double[] w = Arrays.copyOf(weights, n + 1);
        i[n] = item;
        w[n] = weight;
        return new UserLists(version, refTs, i, w, bought, boughtTs, categories, shortInterest, longInterest);
    }

    /** These lists with a bought item added (tests and seeding). */
    public UserLists withBought(String item, long ts) {
        int n = bought.length;
        String[] b = Arrays.copyOf(bought, n + 1);
        long[] t = Arrays.copyOf(boughtTs, n + 1);
        b[n] = item;
        t[n] = ts;
        return new UserLists(version, refTs, items, weights, b, t, categories, shortInterest, longInterest);
    }

    /** These lists with a category interest added (tests and seeding). */
    public UserLists withInterest(String category, double shortWeight, double longWeight) {
        int n = categories.length;
        String[] c = Arrays.copyOf(categories, n + 1);
        double[] s = Arrays.copyOf(shortInterest, n + 1);
        double[] l = Arrays.copyOf(longInterest, n + 1);
        c[n] = category;
        s[n] = shortWeight;
        l[n] = longWeight;
        return new UserLists(version, refTs, items, weights, bought, boughtTs, c, s, l);
    }

    /**
     * The recent items with their weights, weakest first (ties by id): the order of a sorted set's range
     * (encoded lists carry the items with a positive weight only).
     */
    public List<Map.Entry<String, Double>> recentAscending() {
        List<Map.Entry<String, Double>> out = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            out.add(Map.entry(items[i], weights[i]));
        }
        out.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        return out;
    }

    /** The recent items' ids, weakest first (see {@link #recentAscending()}). */
    public List<String> recentItems() {
        List<String> out = new ArrayList<>(items.length);
        recentAscending().forEach(e -> out.add(e.getKey()));
        return out;
    }

    /** The bought items' ids, in the order written. */
    public List<String> boughtItems() {
        return List.of(bought);
    }

    /** The interests by category as {short, long}, at {@code refTs}. */
    public Map<String, double[]> interests() {
        Map<String, double[]> out = new LinkedHashMap<>(categories.length * 2);
        for (int i = 0; i < categories.length; i++) {
            out.put(categories[i], new double[] {shortInterest[i], longInterest[i]});
        }
        return out;
    }

    /** The bought items' latest purchase times by id. */
    public Map<String, Long> boughtAt() {
        Map<String, Long> out = new HashMap<>(bought.length * 2);
        for (int i = 0; i < bought.length; i++) {
            out.put(bought[i], boughtTs[i]);
        }
        return out;
    }

    public byte[] encode() {
        return encode(version, refTs, items, weights, bought, boughtTs, categories, shortInterest, longInterest);
    }

    /**
     * Encodes lists given as arrays (the job passes its state's arrays without copying them); of the
     * recent items only those with a positive weight, in their order.
     */
    public static byte[] encode(long version, long refTs, String[] items, double[] weights, String[] bought,
                                long[] boughtTs, String[] categories, double[] shortInterest, double[] longInterest) {
        return encodeTracked(512, version, refTs, items, weights, bought, boughtTs, categories, shortInterest,
                longInterest).bytes();
    }

    /**
     * Encoded lists, with the members they were encoded from (the arrays' elements, by reference) and
     * where each value sits, so that the next lists with the same members can be written by patching a
     * copy of the bytes ({@link #patched}) instead of encoding every id again.
     */
    public record Encoded(byte[] bytes, String[] items, int[] weightAt, String[] bought, int[] boughtAt,
                          String[] categories, int[] interestAt) {
        /**
         * Whether lists with these members (the same String instances in the same slots, each recent item
         * positive exactly when it was) can be written by {@link #patched}.
         */
        public boolean sameMembers(String[] items, double[] weights, String[] bought, String[] categories) {
            if (items.length != this.items.length || bought.length != this.bought.length
                    || categories.length != this.categories.length) {
                return false;
            }
            for (int i = 0; i < items.length; i++) {
                if (items[i] != this.items[i] || (weights[i] > 0) != (weightAt[i] >= 0)) {
                    return false;
                }
            }
            for (int i = 0; i < bought.length; i++) {
                if (bought[i] != this.bought[i]) {
                    return false;
                }
            }
            for (int i = 0; i < categories.length; i++) {
                if (categories[i] != this.categories[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Lists with the same members ({@link #sameMembers}) and these values, encoded: a patched copy. */
        public Encoded patched(long version, long refTs, double[] weights, long[] boughtTs, double[] shortInterest,
                               double[] longInterest) {
            byte[] b = bytes.clone();
            LONG.set(b, 0, version);
            LONG.set(b, 8, refTs);
            for (int i = 0; i < weightAt.length; i++) {
                if (weightAt[i] >= 0) {
                    LONG.set(b, weightAt[i], Double.doubleToRawLongBits(weights[i]));
                }
            }
            for (int i = 0; i < boughtAt.length; i++) {
                LONG.set(b, boughtAt[i], boughtTs[i]);
            }
            for (int i = 0; i < interestAt.length; i++) {
                LONG.set(b, interestAt[i], Double.doubleToRawLongBits(shortInterest[i]));
                LONG.set(b, interestAt[i] + 8, Double.doubleToRawLongBits(longInterest[i]));
            }
            return new Encoded(b, items, weightAt, bought, boughtAt, categories, interestAt);
        }
    }

    /**
     * As {@link #encode(long, long, String[], double[], String[], long[], String[], double[], double[])},
     * tracked; {@code sizeHint}: the bytes expected (the buffer grows beyond it).
     */
    public static Encoded encodeTracked(int sizeHint, long version, long refTs, String[] items, double[] weights,
                                        String[] bought, long[] boughtTs, String[] categories, double[] shortInterest,
                                        double[] longInterest) {
        Writer w = new Writer(new byte[Math.max(HEADER_BYTES, sizeHint)]);
        w.putLong(version);
        w.putLong(refTs);
        int countsAt = w.at;
        w.putInt(0); // the count of positive recent items, set below
        w.putInt(bought.length);
        w.putInt(categories.length);
        int itemCount = 0;
        int[] weightAt = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            if (weights[i] > 0) {
                w.putString(items[i]);
                weightAt[i] = w.at;
                w.putLong(Double.doubleToRawLongBits(weights[i]));
                itemCount++;
            } else {
                weightAt[i] = -1;
            }
        }
        int[] boughtAt = new int[bought.length];
        for (int i = 0; i < bought.length; i++) {
            w.putString(bought[i]);
            boughtAt[i] = w.at;
            w.putLong(boughtTs[i]);
        }
        int[] interestAt = new int[categories.length];
        for (int i = 0; i < categories.length; i++) {
            w.putString(categories[i]);
            interestAt[i] = w.at;
            w.putLong(Double.doubleToRawLongBits(shortInterest[i]));
            w.putLong(Double.doubleToRawLongBits(longInterest[i]));
        }
        INT.set(w.buf, countsAt, itemCount);
        return new Encoded(w.at == w.buf.length ? w.buf : Arrays.copyOf(w.buf, w.at), items.clone(), weightAt, bought.clone(), boughtAt,
                categories.clone(), interestAt);
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Appends little-endian numbers and length-prefixed UTF-8 strings to a growing buffer. */
    private static final class Writer {
        byte[] buf;
        int at;

        Writer(byte[] buf) {
            this.buf = buf;
        }

        void room(int n) {
            if (at + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, at + n));
            }
        }

        void putLong(long v) {
            room(8);
            LONG.set(buf, at, v);
            at += 8;
        }

        void putInt(int v) {
            room(4);
            INT.set(buf, at, v);
            at += 4;
        }

        void putString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // a copy of the bytes for an ASCII id
            if (utf8.length > 0xFFFF) {
                throw new IllegalArgumentException("id longer than 65535 bytes");
            }
            room(2 + utf8.length);
            buf[at] = (byte) utf8.length;
            buf[at + 1] = (byte) (utf8.length >>> 8);
            System.arraycopy(utf8, 0, buf, at + 2, utf8.length);
            at += 2 + utf8.length;
        }
    }

    /** The lists in {@code bytes}; IllegalArgumentException when they are not encoded lists. */
    public static UserLists decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("not encoded user lists: " + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = b.getLong();
        long refTs = b.getLong();
        int n = b.getInt();
        int nb = b.getInt();
        int nc = b.getInt();
        if (n < 0 || nb < 0 || nc < 0 || (long) n * 10 + (long) nb * 10 + (long) nc * 18 > bytes.length - HEADER_BYTES) {
            throw new IllegalArgumentException("not encoded user lists: counts " + n + "/" + nb + "/" + nc
                    + " in " + bytes.length + " bytes");
        }
        try {
            String[] items = new String[n];
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                items[i] = getString(b);
                weights[i] = b.getDouble();
            }
            String[] bought = new String[nb];
            long[] boughtTs = new long[nb];
            for (int i = 0; i < nb; i++) {
                bought[i] = getString(b);
                boughtTs[i] = b.getLong();
            }
            String[] categories = new String[nc];
            double[] shortInterest = new double[nc];
            double[] longInterest = new double[nc];
            for (int i = 0; i < nc; i++) {
                categories[i] = getString(b);
                shortInterest[i] = b.getDouble();
                longInterest[i] = b.getDouble();
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("not encoded user lists: trailing bytes");
            }
            return new UserLists(version, refTs, items, weights, bought, boughtTs, categories, shortInterest, longInterest);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not encoded user lists: truncated");
        }
    }

    /** The version in encoded lists (without decoding the rest). */
    public static long version(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static String getString(ByteBuffer b) {
        int n = Short.toUnsignedInt(b.getShort());
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserLists u && version == u.version && refTs == u.refTs && Arrays.equals(items, u.items)
                && Arrays.equals(weights, u.weights) && Arrays.equals(bought, u.bought)
                && Arrays.equals(boughtTs, u.boughtTs) && Arrays.equals(categories, u.categories)
                && Arrays.equals(shortInterest, u.shortInterest) && Arrays.equals(longInterest, u.longInterest);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "UserLists[version=" + version + ", refTs=" + refTs + ", recent=" + recentAscending() + ", bought="
                + Arrays.toString(bought) + ", interests=" + Arrays.toString(categories) + "]";
    }
}

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
    public record Encoded(byte[] bytes, String[] items, int[] itemAt, int[] weightAt, int recentEnd, String[] bought,
                          int[] boughtAt, String[] categories, int[] interestAt) {
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
            setValues(b, weightAt, boughtAt, interestAt, version, refTs, weights, boughtTs, shortInterest, longInterest);
            return new Encoded(b, items, itemAt, weightAt, recentEnd, bought, boughtAt, categories, interestAt);
        }

        /**
         * Lists whose recent items differ from these in one slot only, an item appended or one replaced (a
         * user's list growing, or Space-Saving's newcomer taking the weakest slot: most events that change the
         * members), with the same bought items and categories: encoded by moving the bytes after that slot and
         * writing its entry and every value. Null when the members differ otherwise (encode them whole).
         */
        public Encoded spliced(long version, long refTs, String[] items, double[] weights, String[] bought,
                               long[] boughtTs, String[] categories, double[] shortInterest, double[] longInterest) {
            int n = this.items.length;
            if (bought.length != this.bought.length || categories.length != this.categories.length
                    || (items.length != n && items.length != n + 1)) {
                return null;
            }
            for (int i = 0; i < bought.length; i++) {
                if (bought[i] != this.bought[i]) {
                    return null;
                }
            }
            for (int i = 0; i < categories.length; i++) {
                if (categories[i] != this.categories[i]) {
                    return null;
                }
            }
            int k = items.length == n + 1 ? n : -1; // the slot that changed
            for (int i = 0; i < n; i++) {
                if (items[i] != this.items[i]) {
                    if (k >= 0) {
                        return null; // a second one
                    }
                    k = i;
                } else if ((weights[i] > 0) != (weightAt[i] >= 0)) {
                    return null;
                }
            }
            if (k < 0) {
                return null; // the same members: patched, not spliced
            }
            // the bytes [start, end) of slot k's entry now; empty where it has none (appended, or not positive)
            int start;
            int end;
            if (k < n && weightAt[k] >= 0) {
                start = itemAt[k];
                end = weightAt[k] + 8;
            } else {
                start = recentEnd;
                for (int i = k + 1; i < n; i++) {
                    if (itemAt[i] >= 0) {
                        start = itemAt[i];
                        break;
                    }
                }
                end = start;
            }
            boolean positive = weights[k] > 0;
            byte[] id = positive ? utf8(items[k]) : null;
            int length = positive ? 2 + id.length + 8 : 0;
            int delta = length - (end - start);
            byte[] b = new byte[bytes.length + delta];
            System.arraycopy(bytes, 0, b, 0, start);
            System.arraycopy(bytes, end, b, start + length, bytes.length - end);
            int newItemAt = -1;
            int newWeightAt = -1;
            if (positive) {
                b[start] = (byte) id.length;
                b[start + 1] = (byte) (id.length >>> 8);
                System.arraycopy(id, 0, b, start + 2, id.length);
                newItemAt = start;
                newWeightAt = start + 2 + id.length;
            }
            int count = (int) INT.get(bytes, 16) + (positive ? 1 : 0) - (end > start ? 1 : 0);
            INT.set(b, 16, count);
            String[] newItems = k == n ? Arrays.copyOf(this.items, n + 1) : this.items.clone();
            newItems[k] = items[k];
            int[] newItemAts = Arrays.copyOf(itemAt, items.length);
            int[] newWeightAts = Arrays.copyOf(weightAt, items.length);
            newItemAts[k] = newItemAt;
            newWeightAts[k] = newWeightAt;
            for (int i = k + 1; i < n; i++) {
                if (newItemAts[i] >= 0) {
                    newItemAts[i] += delta;
                    newWeightAts[i] += delta;
                }
            }
            int[] newBoughtAt = shifted(boughtAt, delta);
            int[] newInterestAt = shifted(interestAt, delta);
            setValues(b, newWeightAts, newBoughtAt, newInterestAt, version, refTs, weights, boughtTs, shortInterest,
                    longInterest);
            return new Encoded(b, newItems, newItemAts, newWeightAts, recentEnd + delta, this.bought, newBoughtAt,
                    this.categories, newInterestAt);
        }

        private static int[] shifted(int[] offsets, int delta) {
            int[] out = offsets.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += delta;
            }
            return out;
        }

        private static void setValues(byte[] b, int[] weightAt, int[] boughtAt, int[] interestAt, long version,
                                      long refTs, double[] weights, long[] boughtTs, double[] shortInterest,
                                      double[] longInterest) {
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
        int[] itemAt = new int[items.length];
        int[] weightAt = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            if (weights[i] > 0) {
                itemAt[i] = w.at;
                w.putString(items[i]);
                weightAt[i] = w.at;
                w.putLong(Double.doubleToRawLongBits(weights[i]));
                itemCount++;
            } else {
                itemAt[i] = -1;
                weightAt[i] = -1;
            }
        }
        int recentEnd = w.at;
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
        return new Encoded(w.at == w.buf.length ? w.buf : Arrays.copyOf(w.buf, w.at), items.clone(), itemAt, weightAt,
                recentEnd, bought.clone(), boughtAt, categories.clone(), interestAt);
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** An id's UTF-8 bytes (a copy for an ASCII id), at most 65535 of them. */
    private static byte[] utf8(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("id longer than 65535 bytes");
        }
        return utf8;
    }

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
            byte[] utf8 = utf8(s);
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

package io.streamrec.api.index;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.vector.ItemFeedPoller;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.ItemVectorFeed;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The queries over what the API knows about items, all in this process: the vectors in one contiguous
 * {@code float[]} ({@link ItemMatrix}) and the catalogue's flags per row ({@link CatalogFlags}), loaded from
 * Redis at start and kept fresh from the job's change feed ({@link ItemFeedPoller}). This class holds the
 * lock that keeps them consistent: requests scan under its read lock, the feed applies what it read under
 * the write lock. Rows become answers in {@link RowFacts}, the figures for metrics are in
 * {@link ItemIndexStats}. No request ever scans Redis keys.
 */
public final class ItemIndex implements AutoCloseable {

    /** One scored item. */
    public record Scored(String itemId, float score) {}

    /** What a scan leaves out: these item ids, and (when {@code category} is not null) other categories. */
    public record Filter(Set<String> exclude, String category) {
        public static final Filter NONE = new Filter(Set.of(), null);
    }

    private final ItemMatrix matrix;
    private final ScanPool scans;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final CatalogFlags flags = new CatalogFlags();
    private final RowFacts facts;
    private final ItemFeedPoller poller;
    private final ItemIndexStats stats;

    /**
     * @param quantizeMinItems from how many items on scans take the int8 first pass ({@link ItemMatrix#quantizeFrom})
     * @param scans splits large scans over idle cores and lets waiting ones share a pass when all are busy;
     *              owned (closed) by this index from now on
     * @param lagListener told, after each poll that applied changes, how many milliseconds passed
     *                    between the oldest change being written to Redis and it being applied here
     */
    public ItemIndex(UnifiedJedis redis, int width, int capacity, long pollMillis, int quantizeMinItems, ScanPool scans,
                     LongConsumer lagListener) {
        this.matrix = new ItemMatrix(width, capacity);
        this.scans = scans;
        matrix.quantizeFrom(quantizeMinItems);
        this.facts = new RowFacts(matrix, flags);
        ItemVectorFeed feed = new ItemVectorFeed(redis).withCatalog(item -> flags.apply(item, matrix));
        this.poller = new ItemFeedPoller("item-index-feed", feed, matrix, lock, () -> flags.flagNewRows(matrix), lagListener);
        poller.start(pollMillis);
        this.stats = new ItemIndexStats(matrix, scans, poller::loaded, poller::millisSinceSync);
    }

    /**
     * Marks a request in flight until closed (try-with-resources around all a request does): large scans are split
     * over idle cores only while fewer requests than cores are in flight ({@link ScanPool#request}).
     */
    public ScanPool.Request request() {
        return scans.request();
    }

    /**
     * Applies a catalogue entry now, in this process (a write through this API must hold at once);
     * the feed brings the same entry to every other process. An entry older than the one held is ignored.
     */
    public void apply(CatalogItem item) {
        lock.writeLock().lock();
        try {
            flags.apply(item, matrix);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The {@code k} best items for {@code query} (width d+1) by dot product, filtered. */
    public List<Scored> topK(float[] query, int k, Filter filter) {
        lock.readLock().lock();
        try {
            if (query.length != matrix.width()) {
                return List.of();
            }
            TopK heap = new TopK(k);
            matrix.topK(query, heap, rowFilter(filter, -1), scans);
            return facts.scored(heap);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The {@code k} items most similar to {@code itemId} by cosine of their factor vectors (bias left
     * out), filtered, never the item itself; null when the item has no vector.
     */
    public List<Scored> similar(String itemId, int k, Filter filter) {
        lock.readLock().lock();
        try {
            int row = matrix.rowOf(itemId);
            if (row < 0) {
                return null;
            }
            TopK heap = new TopK(k);
            matrix.topKCosine(row, heap, rowFilter(filter, row), scans);
            return facts.scored(heap);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The {@code k} items with the highest learned bias (the model's popularity term), filtered: the
     * list that needs nothing but this process's memory.
     */
    public List<Scored> byBias(int k, Filter filter) {
        float[] query = new float[matrix.width()];
        query[query.length - 1] = 1f;
        return topK(query, k, filter);
    }

    /** Whether the item may be recommended under {@code filter} (for lists that do not come from a scan). */
    public boolean admits(String itemId, Filter filter) {
        return flags.admits(itemId, filter);
    }

    /**
     * {@link #admits} for items whose rows were resolved ({@link #rowsOf}), for one request: an item with a
     * row is judged by the scan's own filter ({@link #rowFilter}, the row flags as of now), without looking
     * it up in the catalogue.
     */
    public Admission admission(Filter filter) {
        lock.readLock().lock();
        try {
            RowSet excluded = excludedRows(filter.exclude());
            return new Admission(flags.rowFilter(excluded, filter.category(), -1), flags.flagged(), filter, excluded,
                    matrix.size(), flags);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** See {@link #admission}. */
    public static final class Admission {
        private final VectorKernels.RowFilter skip;
        private final int flagged;
        private final Filter filter;
        /** The rows of the filter's excluded items when the matrix had {@link #size} rows ({@link #excludedRows}). */
        private final RowSet excluded;
        private final int size;
        private final CatalogFlags flags;

        private Admission(VectorKernels.RowFilter skip, int flagged, Filter filter, RowSet excluded, int size,
                          CatalogFlags flags) {
            this.skip = skip;
            this.flagged = flagged;
            this.filter = filter;
            this.excluded = excluded;
            this.size = size;
            this.flags = flags;
        }

        /** {@link ItemIndex#admits(String, Filter)}; {@code row} is the item's row, or -1. */
        public boolean admits(int row, String itemId) {
            return row >= 0 && row < flagged ? !skip.skip(row) : flags.admits(itemId, filter);
        }
    }

    /** The catalogue entry of an item (deleted ones included), or null. */
    public CatalogItem catalogItem(String itemId) {
        return flags.entry(itemId);
    }

    /** The item's catalogue category, or null (unknown item, no category, deleted). */
    public String categoryOf(String itemId) {
        return flags.categoryOf(itemId);
    }

    /** The categories the catalogue has named (kept as a snapshot, so reading it costs nothing). */
    public Set<String> categories() {
        return flags.categories();
    }

    /**
     * What ranking needs to know about one item: its score for a query, its category, its factors when it
     * has no category, and its row in the matrix ({@link #rowsOf}).
     */
    public record ItemFacts(String itemId, String category, float score, float[] factors, int row, long version) {}

    /**
     * The {@code k} best items for {@code query} by dot product with what ranking needs of each (score,
     * category, factors), all from the scan's rows without looking anything up by id. Filtered like the
     * request's {@link #admission} (whose excluded items are not resolved to rows again, unless the matrix
     * has grown since, which may have given one its row) and, when {@code category} is not null, to that
     * category (the admission's own category is not used).
     */
    public List<ItemFacts> topFacts(float[] query, int k, Admission admission, String category) {
        lock.readLock().lock();
        try {
            if (query.length != matrix.width()) {
                return List.of();
            }
            TopK heap = new TopK(k);
            RowSet excluded = admission.size == matrix.size() ? admission.excluded
                    : excludedRows(admission.filter.exclude());
            matrix.topK(query, heap, flags.rowFilter(excluded, category, -1), scans);
            return facts.facts(heap);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * For items whose rows are known ({@link #rowsOf}; a row is an item's for good: the matrix only
     * appends), without looking their ids up: {@code out[i]} for {@code ids[i]}, null where {@code rows[i]}
     * is -1: the dot product with {@code query} (NaN when the query is null), the catalogue category and,
     * when there is none, a copy of the factors (all slots but the bias: ranking compares such items by
     * vector).
     */
    public ItemFacts[] factsAt(String[] ids, int[] rows, int n, float[] query) {
        ItemFacts[] out = new ItemFacts[n];
        lock.readLock().lock();
        try {
            for (int i = 0; i < n; i++) {
                if (rows[i] >= 0) {
                    out[i] = facts.at(ids[i], rows[i], query);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The rows of {@code ids} in the matrix, -1 for items without a vector (yet). */
    public int[] rowsOf(String[] ids) {
        int[] rows = new int[ids.length];
        lock.readLock().lock();
        try {
            for (int i = 0; i < ids.length; i++) {
                rows[i] = matrix.rowOf(ids[i]);
            }
            return rows;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The version of the item's vector (contributions learned), or -1 when it has none. */
    public long versionOf(String itemId) {
        lock.readLock().lock();
        try {
            int row = matrix.rowOf(itemId);
            return row < 0 ? -1 : matrix.versionAt(row);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the item has a vector here. */
    public boolean hasVector(String itemId) {
        lock.readLock().lock();
        try {
            return matrix.rowOf(itemId) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    private VectorKernels.RowFilter rowFilter(Filter filter, int self) {
        return flags.rowFilter(excludedRows(filter.exclude()), filter.category(), self);
    }

    /** The rows of {@code ids} as of now, null when none has a row ({@link RowSet#rowsOf}). */
    private RowSet excludedRows(Set<String> ids) {
        return RowSet.rowsOf(ids, matrix);
    }

    /** Item vectors held. */
    public int size() {
        return matrix.size();
    }

    public int width() {
        return matrix.width();
    }

    /** The figures for metrics and health. */
    public ItemIndexStats stats() {
        return stats;
    }

    @Override
    public void close() {
        poller.close();
        scans.close();
    }
}

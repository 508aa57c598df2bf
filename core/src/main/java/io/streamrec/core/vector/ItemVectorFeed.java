package io.streamrec.core.vector;

import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Keeps an {@link ItemMatrix} in step with the item vectors published in Redis: {@link #loadAll}
 * reads every vector once; {@link #poll} reads the change feed ({@link RedisKeys#ITEM_CHANGES}) from
 * where it stopped and fetches only the vectors that changed. If the feed was trimmed past the point
 * this reader had reached, it reloads everything, so no change is ever missed.
 */
public final class ItemVectorFeed {
    static final int BATCH = 10_000;
    private static final byte[] VECTORS = RedisKeys.ITEM_VECTORS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXTS = RedisKeys.ITEM_CONTEXT_VECTORS.getBytes(StandardCharsets.UTF_8);

    private static final byte[] CATALOG = RedisKeys.ITEM_CATALOG.getBytes(StandardCharsets.UTF_8);

    /** Told of every catalogue entry read (at load) or changed (from the feed). */
    @FunctionalInterface
    public interface CatalogListener {
        void onCatalogItem(CatalogItem item);
    }

    private final UnifiedJedis redis;
    private ItemMatrix contexts;
    private CatalogListener catalog;
    private StreamEntryID last = new StreamEntryID(0, 0);
    private long oldestApplied = Long.MAX_VALUE;

    public ItemVectorFeed(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Also keep {@code m} in step with the items' context vectors ({@link RedisKeys#ITEM_CONTEXT_VECTORS}). */
    public ItemVectorFeed withContexts(ItemMatrix m) {
        this.contexts = m;
        return this;
    }

    /** Also follow the catalogue ({@link RedisKeys#ITEM_CATALOG}): every entry and change goes to {@code l}. */
    public ItemVectorFeed withCatalog(CatalogListener l) {
        this.catalog = l;
        return this;
    }

    /**
     * Reads every published item vector into {@code m}; returns how many. With {@code m == null} (a
     * catalogue-only follower, see {@link #withCatalog}) only the catalogue is read.
     */
    public int loadAll(ItemMatrix m) {
        List<StreamEntry> newest = redis.xrevrange(RedisKeys.ITEM_CHANGES, "+", "-", 1);
        StreamEntryID mark = newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
        int[] n = {0};
        if (m != null) {
            scanHash(VECTORS, (id, value) -> {
                if (put(m, id, value)) {
                    n[0]++;
                }
            });
        }
        if (contexts != null) {
            scanHash(CONTEXTS, (id, value) -> put(contexts, id, value));
        }
        if (catalog != null) {
            scanHash(CATALOG, (id, value) -> catalogEntry(id, value));
        }
        last = mark;
        return n[0];
    }

    private void scanHash(byte[] key, java.util.function.BiConsumer<String, byte[]> each) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams params = new ScanParams().count(1000);
        do {
            ScanResult<Map.Entry<byte[], byte[]>> page = redis.hscan(key, cursor, params);
            for (Map.Entry<byte[], byte[]> e : page.getResult()) {
                each.accept(new String(e.getKey(), StandardCharsets.UTF_8), e.getValue());
            }
            cursor = page.getCursorAsBytes();
        } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    }

    private void catalogEntry(String id, byte[] json) {
        CatalogItem item = json == null ? null : CatalogItem.fromJson(id, new String(json, StandardCharsets.UTF_8));
        if (item != null) {
            catalog.onCatalogItem(item);
        }
    }

    /** Applies the changes published since the last call; returns the number of entries (vectors, catalogue) read. */
    public int poll(ItemMatrix m) {
        return poll(m, null);
    }

    /**
     * As {@link #poll(ItemMatrix)}, reading Redis without {@code writeLock} and applying what it read
     * under it, so readers of the matrix never wait for Redis. A reload after the feed was trimmed
     * past this reader happens under the lock.
     */
    public int poll(ItemMatrix m, Lock writeLock) {
        if (!last.equals(new StreamEntryID(0, 0))) {
            List<StreamEntry> first = redis.xrange(RedisKeys.ITEM_CHANGES, "-", "+", 1);
            if (!first.isEmpty() && first.get(0).getID().compareTo(last) > 0) {
                // the feed was trimmed past us: entries we never saw are gone
                return locked(writeLock, () -> loadAll(m));
            }
        }
        int read = 0;
        oldestApplied = Long.MAX_VALUE;
        while (true) {
            List<Map.Entry<String, List<StreamEntry>>> r = redis.xread(XReadParams.xReadParams().count(BATCH),
                    Map.of(RedisKeys.ITEM_CHANGES, last));
            if (r == null || r.isEmpty() || r.get(0).getValue().isEmpty()) {
                return read;
            }
            List<StreamEntry> entries = r.get(0).getValue();
            Set<String> changed = new LinkedHashSet<>();
            Set<String> catalogChanged = new LinkedHashSet<>();
            for (StreamEntry e : entries) {
                String id = e.getFields().get(RedisKeys.CHANGE_ITEM);
                if (id != null) {
                    changed.add(id);
                }
                String ids = e.getFields().get(RedisKeys.CHANGE_ITEMS);
                if (ids != null) {
                    for (int from = 0, to; from < ids.length(); from = to + 1) {
                        to = ids.indexOf('\n', from);
                        to = to < 0 ? ids.length() : to;
                        changed.add(ids.substring(from, to));
                    }
                }
                String c = e.getFields().get(RedisKeys.CHANGE_CATALOG);
                if (c != null) {
                    catalogChanged.add(c);
                }
            }
            List<Runnable> updates = new ArrayList<>();
            if (m != null) {
                fetch(m, new ArrayList<>(changed), updates);
            }
            if (catalog != null && !catalogChanged.isEmpty()) {
                fetchCatalog(new ArrayList<>(catalogChanged), updates);
            }
            locked(writeLock, () -> {
                updates.forEach(Runnable::run);
                return null;
            });
            read += updates.size();
            oldestApplied = Math.min(oldestApplied, entries.get(0).getID().getTime());
            last = entries.get(entries.size() - 1).getID();
            if (entries.size() < BATCH) {
                return read;
            }
        }
    }

    /** {@code work} under {@code lock}, or without a lock when it is null. */
    private static <T> T locked(Lock lock, java.util.function.Supplier<T> work) {
        if (lock == null) {
            return work.get();
        }
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void fetchCatalog(List<String> ids, List<Runnable> updates) {
        hmget(CATALOG, ids, (id, json) -> updates.add(() -> catalogEntry(id, json)));
    }

    /** HMGET of {@code ids} in chunks of 1000; {@code each} gets every (id, value), value null when absent. */
    private void hmget(byte[] key, List<String> ids, java.util.function.BiConsumer<String, byte[]> each) {
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            byte[][] fields = new byte[chunk.size()][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = chunk.get(i).getBytes(StandardCharsets.UTF_8);
            }
            List<byte[]> values = redis.hmget(key, fields);
            for (int i = 0; i < fields.length; i++) {
                each.accept(chunk.get(i), values.get(i));
            }
        }
    }

    /**
     * Redis server time (epoch ms, from the stream entry id) of the oldest change applied by the last
     * {@link #poll}, or {@link Long#MAX_VALUE} when it applied none: "now − this" is the feed's lag.
     */
    public long oldestAppliedMillis() {
        return oldestApplied;
    }

    /** Reads the vectors of {@code ids}; what to write into the matrices goes to {@code updates}. */
    private void fetch(ItemMatrix m, List<String> ids, List<Runnable> updates) {
        hmget(VECTORS, ids, (id, value) -> {
            if (value != null) {
                updates.add(() -> put(m, id, value));
            }
        });
        if (contexts != null) {
            hmget(CONTEXTS, ids, (id, value) -> {
                if (value != null) {
                    updates.add(() -> put(contexts, id, value));
                }
            });
        }
    }

    private boolean put(ItemMatrix m, String id, byte[] encoded) {
        float[] v;
        try {
            v = VectorCodec.decode(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (v.length != m.width() || !io.streamrec.core.kernel.VectorKernels.allFinite(v)) {
            return false; // a vector of another model dimension, or a corrupt one: not ours
        }
        return m.upsert(id, v, VectorCodec.version(encoded));
    }
}

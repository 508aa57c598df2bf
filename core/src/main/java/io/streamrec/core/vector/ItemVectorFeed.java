package io.streamrec.core.vector;

import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.RedisClient;
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

    private final RedisClient redis;
    private ItemMatrix contexts;
    private StreamEntryID last = new StreamEntryID(0, 0);

    public ItemVectorFeed(RedisClient redis) {
        this.redis = redis;
    }

    /** Also keep {@code m} in step with the items' context vectors ({@link RedisKeys#ITEM_CONTEXT_VECTORS}). */
    public ItemVectorFeed withContexts(ItemMatrix m) {
        this.contexts = m;
        return this;
    }

    /** Reads every published item vector into {@code m}; returns how many. */
    public int loadAll(ItemMatrix m) {
        List<StreamEntry> newest = redis.xrevrange(RedisKeys.ITEM_CHANGES, "+", "-", 1);
        StreamEntryID mark = newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
        int n = 0;
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams params = new ScanParams().count(1000);
        do {
            ScanResult<Map.Entry<byte[], byte[]>> page = redis.hscan(VECTORS, cursor, params);
            for (Map.Entry<byte[], byte[]> e : page.getResult()) {
                if (put(m, new String(e.getKey(), StandardCharsets.UTF_8), e.getValue())) {
                    n++;
                }
            }
            cursor = page.getCursorAsBytes();
        } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        if (contexts != null) {
            cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<Map.Entry<byte[], byte[]>> page = redis.hscan(CONTEXTS, cursor, params);
                for (Map.Entry<byte[], byte[]> e : page.getResult()) {
                    put(contexts, new String(e.getKey(), StandardCharsets.UTF_8), e.getValue());
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
        last = mark;
        return n;
    }

    /** Applies the changes published since the last call; returns the number of vectors read. */
    public int poll(ItemMatrix m) {
        if (!last.equals(new StreamEntryID(0, 0))) {
            List<StreamEntry> first = redis.xrange(RedisKeys.ITEM_CHANGES, "-", "+", 1);
            if (!first.isEmpty() && first.get(0).getID().compareTo(last) > 0) {
                // the feed was trimmed past us: entries we never saw are gone
                return loadAll(m);
            }
        }
        int read = 0;
        while (true) {
            List<Map.Entry<String, List<StreamEntry>>> r = redis.xread(XReadParams.xReadParams().count(BATCH),
                    Map.of(RedisKeys.ITEM_CHANGES, last));
            if (r == null || r.isEmpty() || r.get(0).getValue().isEmpty()) {
                return read;
            }
            List<StreamEntry> entries = r.get(0).getValue();
            Set<String> changed = new LinkedHashSet<>();
            for (StreamEntry e : entries) {
                String id = e.getFields().get(RedisKeys.CHANGE_ITEM);
                if (id != null) {
                    changed.add(id);
                }
            }
            read += fetch(m, new ArrayList<>(changed));
            last = entries.get(entries.size() - 1).getID();
            if (entries.size() < BATCH) {
                return read;
            }
        }
    }

    private int fetch(ItemMatrix m, List<String> ids) {
        int n = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            byte[][] fields = new byte[chunk.size()][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = chunk.get(i).getBytes(StandardCharsets.UTF_8);
            }
            List<byte[]> values = redis.hmget(VECTORS, fields);
            for (int i = 0; i < fields.length; i++) {
                if (values.get(i) != null && put(m, chunk.get(i), values.get(i))) {
                    n++;
                }
            }
            if (contexts != null) {
                List<byte[]> ctx = redis.hmget(CONTEXTS, fields);
                for (int i = 0; i < fields.length; i++) {
                    if (ctx.get(i) != null) {
                        put(contexts, chunk.get(i), ctx.get(i));
                    }
                }
            }
        }
        return n;
    }

    private boolean put(ItemMatrix m, String id, byte[] encoded) {
        float[] v;
        try {
            v = VectorCodec.decode(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (v.length != m.width()) {
            return false; // a vector of another model dimension: not ours
        }
        return m.upsert(id, v, VectorCodec.version(encoded));
    }
}

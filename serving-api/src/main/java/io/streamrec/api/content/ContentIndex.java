package io.streamrec.api.content;

import io.streamrec.content.CatalogText;
import io.streamrec.content.TextEmbedder;
import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.content.TextSpace;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * The items' text embeddings in this process: loaded from {@link RedisKeys#ITEM_TEXT_VECTORS} at start,
 * and computed after each catalogue write by one background thread that takes the written items from a
 * bounded queue in batches, embeds their title and description ({@link CatalogText}), stores the unit
 * vectors in Redis (float32, {@link VectorCodec}) and here. A write never waits for the model: when the
 * queue is full the item is counted as dropped and keeps its previous text vector, if any. The model is
 * loaded on the first batch, so a process that is never sent a catalogue never loads it.
 */
public final class ContentIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentIndex.class);

    private record Pending(String itemId, String text) {}

    /** One loaded model per name in a process, however many indexes use it (the ONNX session is thread-safe). */
    private static final Map<String, TextEmbedder> MODELS = new java.util.concurrent.ConcurrentHashMap<>();

    private final UnifiedJedis redis;
    private final ContentSettings settings;
    private final BlockingQueue<Pending> queue;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private TextSpace space;
    private TextEmbedder embedder;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Items offered and not yet done with (queued or in the batch being embedded). */
    private final AtomicLong pending = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    public ContentIndex(UnifiedJedis redis, ContentSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueMax());
        this.worker = new Thread(this::run, "content-embedder");
        this.worker.setDaemon(true);
        if (settings.enabled()) {
            this.worker.start();
        }
    }

    /** Reads the stored text vectors (at start); returns how many were loaded. Redis errors are logged, not thrown. */
    public int load() {
        if (!settings.enabled()) {
            return 0;
        }
        try {
            Map<byte[], byte[]> all = redis.hgetAll(RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8));
            int n = 0;
            lock.writeLock().lock();
            try {
                for (Map.Entry<byte[], byte[]> e : all.entrySet()) {
                    float[] v = VectorCodec.decode(e.getValue());
                    if (v != null && put(new String(e.getKey(), StandardCharsets.UTF_8), v)) {
                        n++;
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
            return n;
        } catch (JedisException e) {
            LOG.warn("content: could not load the text vectors from Redis ({}); items get them as they are written",
                    e.getMessage());
            return 0;
        }
    }

    /** After a catalogue write: queues the items that have a text, without waiting. */
    public void offer(List<CatalogItem> items) {
        if (!settings.enabled()) {
            return;
        }
        for (CatalogItem item : items) {
            String text = item.deleted() ? null : CatalogText.of(item.title(), item.description());
            if (text == null) {
                continue;
            }
            pending.incrementAndGet();
            if (!queue.offer(new Pending(item.itemId(), text))) {
                pending.decrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * The {@code k} items whose texts are most similar to the item's (cosine of the unit embeddings), among
     * those {@code accept} lets through; null when the item has no text vector.
     */
    public List<TextSpace.Neighbour> similar(String itemId, int k, Predicate<String> accept) {
        lock.readLock().lock();
        try {
            if (space == null || !space.has(itemId)) {
                return null;
            }
            return space.similar(itemId, k, accept);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A user's text profile for one request: the mean of the text vectors of their {@code recent} items,
     * weighted as the job weighs them ({@link io.streamrec.core.content.TextSpace#profile}); null when content
     * is off or no recent item has a text.
     */
    public Profile profile(List<Tuple> recent) {
        if (!settings.enabled() || recent == null || recent.isEmpty()) {
            return null;
        }
        String[] ids = new String[recent.size()];
        double[] weights = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = recent.get(i).getElement();
            weights[i] = recent.get(i).getScore();
        }
        lock.readLock().lock();
        try {
            float[] unit = space == null ? null : space.profile(ids, weights);
            return unit == null ? null : new Profile(unit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** See {@link #profile}. */
    public final class Profile {
        private final float[] unit;
        private final float[] buffer;

        private Profile(float[] unit) {
            this.unit = unit;
            this.buffer = new float[unit.length + 1];
        }

        /** The {@code k} items whose texts are closest to the profile that {@code accept} lets through: id → cosine, best first. */
        public Map<String, Double> nearest(int k, Predicate<String> accept) {
            lock.readLock().lock();
            try {
                Map<String, Double> out = new LinkedHashMap<>();
                for (TextSpace.Neighbour n : space.nearest(unit, k, accept)) {
                    out.put(n.itemId(), (double) n.similarity());
                }
                return out;
            } finally {
                lock.readLock().unlock();
            }
        }

        /** The cosine of the item's text and the profile; 0 when the item has no text. Not thread-safe (one request). */
        public double similarity(String itemId) {
            lock.readLock().lock();
            try {
                return space.dim() == unit.length ? space.similarity(unit, itemId, buffer) : 0;
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    public ContentSettings settings() {
        return settings;
    }

    public boolean hasText(String itemId) {
        lock.readLock().lock();
        try {
            return space != null && space.has(itemId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Items waiting to be embedded. */
    public int queued() {
        return (int) pending.get();
    }

    /** Items not embedded because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    public long embedded() {
        return embedded.get();
    }

    /** Items whose batch failed (model or Redis error); a later write of the item embeds it again. */
    public long failed() {
        return failed.get();
    }

    /** Waits until the queue is empty and no batch is being embedded (tests, the import command); false on timeout. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (queued() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private boolean put(String itemId, float[] v) {
        if (space == null) {
            space = new TextSpace(v.length, settings.maxItems());
        }
        return space.put(itemId, v);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(CatalogText.BATCH);
        while (!closed) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, CatalogText.BATCH - 1);
                try {
                    embed(batch);
                    embedded.addAndGet(batch.size());
                } catch (RuntimeException e) {
                    failed.addAndGet(batch.size());
                    LOG.warn("content: {} item texts not embedded: {}", batch.size(), e.toString());
                } finally {
                    pending.addAndGet(-batch.size());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void embed(List<Pending> batch) {
        if (embedder == null) {
            embedder = MODELS.computeIfAbsent(settings.model(), TextEmbedder::load);
        }
        // the last write of an item in the batch wins
        Map<String, String> latest = new HashMap<>();
        batch.forEach(p -> latest.put(p.itemId(), p.text()));
        List<String> ids = new ArrayList<>(latest.keySet());
        List<String> texts = ids.stream().map(latest::get).toList();
        float[][] vs = embedder.embed(texts);
        Map<byte[], byte[]> fields = new HashMap<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < ids.size(); i++) {
            fields.put(ids.get(i).getBytes(StandardCharsets.UTF_8), VectorCodec.encode(vs[i], 1, now));
        }
        redis.hset(RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8), fields);
        lock.writeLock().lock();
        try {
            for (int i = 0; i < ids.size(); i++) {
                put(ids.get(i), vs[i]);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}

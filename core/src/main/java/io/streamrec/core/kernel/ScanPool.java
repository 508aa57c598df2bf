package io.streamrec.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Splits one top-K scan over row ranges across the cores that are idle, so a single request over a large
 * catalogue does not leave the other cores waiting: the scan is memory- or widening-bound per core, and
 * the API has one scan per request.
 *
 * <p>A scan is split only when it covers at least {@code minRows} rows and fewer requests ({@link #request})
 * and scans than there are threads are in flight: under load every core already has work of its own, and
 * splitting would only add hand-overs. The calling thread always takes part (so a scan never waits for a worker to wake up); the
 * workers that are free join in. The rows are cut into a few chunks per participant, claimed one at a
 * time, so a worker that starts late simply takes fewer. Each participant keeps its own state (a heap)
 * across the chunks it claimed, in ascending row order; the caller merges the states.
 *
 * <p>Threads: {@code threads − 1} daemon workers (the caller is the last one). {@link #SERIAL} has none.
 */
public final class ScanPool implements AutoCloseable {
    /** Never splits: every scan runs on its caller alone. */
    public static final ScanPool SERIAL = new ScanPool(1, Integer.MAX_VALUE);
    /** Chunks per participant: enough that a worker starting late does not hold the scan up. */
    static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final int minRows;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Request release = requests::decrementAndGet;
    private final java.util.concurrent.atomic.LongAdder splits = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param threads the most threads one scan uses, the caller included (the number of cores); 1 = never split
     * @param minRows the fewest rows a scan must cover to be split
     */
    public ScanPool(int threads, int minRows) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.minRows = Math.max(1, minRows);
        if (threads == 1) {
            this.workers = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.workers = new ThreadPoolExecutor(threads - 1, threads - 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "scan-worker-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            this.workers.prestartAllCoreThreads();
        }
    }

    /** The most threads one scan uses. */
    public int threads() {
        return threads;
    }

    /** How many scans were split so far. */
    public long splits() {
        return splits.sum();
    }

    /** A request in flight, until closed. */
    @FunctionalInterface
    public interface Request extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Marks a request (an HTTP request that scans, say) in flight until the returned handle is closed: its scans
     * split only while fewer requests than threads are in flight, its own included. Not needed for a split.
     */
    public Request request() {
        requests.incrementAndGet();
        return release;
    }

    /** One participant's part of a scan: rows {@code from..to-1} into its own {@code state}. */
    @FunctionalInterface
    public interface RangeScan<S> {
        void scan(S state, int from, int to);
    }

    /**
     * Scans rows {@code 0..rows-1} with {@code part}, split at multiples of {@code align} rows when the scan is
     * large enough and threads are idle; returns the state of every participant that scanned rows (one
     * when not split), each made by {@code newState} on first use.
     */
    public <S> List<S> scan(int rows, int align, Supplier<S> newState, RangeScan<S> part) {
        int busy = Math.max(running.incrementAndGet(), requests.get()); // this scan's own request included
        try {
            int helpers = rows >= minRows && workers != null ? Math.max(0, threads - busy) : 0;
            int chunks = (helpers + 1) * CHUNKS_PER_THREAD;
            int chunkRows = roundUp((rows + chunks - 1) / chunks, Math.max(1, align));
            if (helpers == 0 || chunkRows >= rows) {
                S state = newState.get();
                part.scan(state, 0, rows);
                List<S> one = new ArrayList<>(1);
                one.add(state);
                return one;
            }
            splits.increment();
            Split<S> split = new Split<>(rows, chunkRows, newState, part);
            for (int i = 0; i < helpers; i++) {
                try {
                    workers.execute(split::participate);
                } catch (RejectedExecutionException closed) {
                    break; // the caller scans what no worker takes
                }
            }
            split.participate();
            return split.await();
        } finally {
            running.decrementAndGet();
        }
    }

    private static int roundUp(int n, int align) {
        return (n + align - 1) / align * align;
    }

    /** One split scan: chunks claimed in ascending order, a state per participant. */
    private static final class Split<S> {
        private final int rows;
        private final int chunkRows;
        private final int chunks;
        private final Supplier<S> newState;
        private final RangeScan<S> part;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final List<S> states = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Split(int rows, int chunkRows, Supplier<S> newState, RangeScan<S> part) {
            this.rows = rows;
            this.chunkRows = chunkRows;
            this.chunks = (rows + chunkRows - 1) / chunkRows;
            this.newState = newState;
            this.part = part;
            this.done = new CountDownLatch(chunks);
        }

        /**
         * Claims chunks until none is left. A worker that arrives after the last chunk was claimed touches
         * nothing: the caller may already have returned and released what the scan reads.
         */
        void participate() {
            S state = null;
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (state == null) {
                        state = newState.get();
                        synchronized (states) {
                            states.add(state);
                        }
                    }
                    int from = c * chunkRows;
                    part.scan(state, from, Math.min(rows, from + chunkRows));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        }

        List<S> await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the workers are reading rows the caller's lock protects: wait for them
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
            synchronized (states) {
                return new ArrayList<>(states);
            }
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}

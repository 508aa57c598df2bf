package io.streamrec.core.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Puts the cores to work on top-K scans, one scan per request: split over idle cores ({@link #scan}), or,
 * when every core is busy, shared by the scans waiting for one ({@link #share}). A scan is bound by memory
 * or by widening codes per core, so one request over a large catalogue should not leave the other cores
 * waiting, and many requests should not each read the whole catalogue.
 *
 * <p>A scan is split only when it covers at least {@code minRows} rows and fewer requests ({@link #request})
 * and scans than there are threads are in flight: under load every core already has work of its own, and
 * splitting would only add hand-overs. The calling thread always takes part (so a scan never waits for a
 * worker to wake up); the workers that are free join in. The rows are cut into a few chunks per
 * participant, claimed one at a time, so a worker that starts late simply takes fewer. Each participant
 * keeps its own state (a heap) across the chunks it claimed, in ascending row order; the caller merges the
 * states.
 *
 * <p>The other way round, when every core is busy ({@link #share}): scans waiting for a core are run
 * together, up to a few at a time, by whichever waiting caller gets a core first, in one pass over the rows
 * (the int8 pass widens each code once for all of them). At most {@code threads} such passes run at once.
 *
 * <p>Threads: {@code threads − 1} daemon workers (the caller is the last one). {@link #SERIAL} has none, and
 * neither splits nor shares.
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
    private final LongAdder splits = new LongAdder();
    // shared passes: the jobs waiting for one, how many passes run, guarded by shareLock
    private final ReentrantLock shareLock = new ReentrantLock();
    private final Condition shareDone = shareLock.newCondition();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int passes;
    private final LongAdder sharedScans = new LongAdder();

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

    /** How many scans were split so far. */
    public long splits() {
        return splits.sum();
    }

    /** Whether a scan of {@code rows} rows started now would be split ({@link #scan}): threads are idle. */
    public boolean wouldSplit(int rows) {
        return workers != null && rows >= minRows && Math.max(running.get() + 1, requests.get()) < threads;
    }

    /** Whether {@link #share} may run scans together (a pool that has more than one thread). */
    public boolean shares() {
        return workers != null;
    }

    /** How many scans ran in a pass shared with others so far. */
    public long sharedScans() {
        return sharedScans.sum();
    }

    /** One caller's part of a shared pass. */
    public interface Shareable {
        /** Scans may share a pass only when their keys are equal (the same rows, as the same arrays). */
        Object passKey();
    }

    /** A waiting scan and what became of it. */
    private static final class Pending {
        final Shareable job;
        boolean taken;
        boolean done;
        Throwable failure;

        Pending(Shareable job) {
            this.job = job;
        }
    }

    /**
     * Runs {@code job} through {@code pass}, alone or with other callers' jobs of the same {@link Shareable#passKey}
     * that are waiting, up to {@code maxTogether}; returns once its pass is done (rethrowing what the pass threw).
     * At most {@code threads} passes run at a time; a caller that finds none free waits, and its job goes with the
     * next pass that has room for it, run by whichever waiting caller gets a free pass first (a caller runs a pass
     * only while its own job is still waiting, so it returns as soon as its own is done). Every caller of one
     * key must give a {@code pass} that does the same (the one that runs is the runner's).
     */
    @SuppressWarnings("unchecked")
    public <J extends Shareable> void share(J job, int maxTogether, Consumer<List<J>> pass) {
        Pending mine = new Pending(job);
        shareLock.lock();
        try {
            waiting.add(mine);
            while (!mine.done) {
                if (!mine.taken && passes < threads) { // a caller runs a pass only for a job of its own
                    List<Pending> together = takeTogether(mine, Math.max(1, maxTogether));
                    passes++;
                    shareLock.unlock();
                    Throwable failure = null;
                    running.incrementAndGet();
                    try {
                        List<J> jobs = new ArrayList<>(together.size());
                        for (Pending p : together) {
                            jobs.add((J) p.job);
                        }
                        pass.accept(jobs);
                    } catch (Throwable t) {
                        failure = t;
                    } finally {
                        running.decrementAndGet();
                        shareLock.lock();
                        passes--;
                        for (Pending p : together) {
                            p.done = true;
                            p.failure = failure;
                        }
                        if (together.size() > 1) {
                            sharedScans.add(together.size());
                        }
                        shareDone.signalAll();
                    }
                } else {
                    shareDone.awaitUninterruptibly();
                }
            }
        } finally {
            shareLock.unlock();
        }
        rethrow(mine.failure);
    }

    /** What a part of a scan threw, thrown again on the caller's thread (nothing when null). */
    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code mine} and up to {@code max − 1} more waiting jobs of its key, the longest waiting first (lock held). */
    private List<Pending> takeTogether(Pending mine, int max) {
        waiting.remove(mine);
        mine.taken = true;
        List<Pending> out = new ArrayList<>(Math.min(max, waiting.size() + 1));
        out.add(mine);
        Object key = mine.job.passKey();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && out.size() < max; ) {
            Pending p = it.next();
            if (key.equals(p.job.passKey())) {
                it.remove();
                p.taken = true;
                out.add(p);
            }
        }
        return out;
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
            rethrow(failure.get());
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

package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScanPoolTest {
    /** What one participant saw: its thread and its ranges, in the order it scanned them. */
    static final class Seen {
        final String thread = Thread.currentThread().getName();
        final List<int[]> ranges = new ArrayList<>();
    }

    @Test
    void anIdlePoolSplitsALargeScanIntoAlignedAscendingRangesThatCoverEveryRowOnce() {
        try (ScanPool pool = new ScanPool(3, 1000)) {
            for (int rows : new int[] {1000, 1001, 4099, 100_000}) {
                Set<String> threads = ConcurrentHashMap.newKeySet();
                List<Seen> parts = pool.scan(rows, 16, Seen::new, (seen, from, to) -> {
                    seen.ranges.add(new int[] {from, to});
                    awaitCompany(threads); // so a worker surely gets a share, however late it wakes
                });
                assertThat(parts.size()).as("rows " + rows).isBetween(2, 3);
                assertThat(parts.stream().map(p -> p.thread).distinct().count()).isEqualTo(parts.size());
                boolean[] covered = new boolean[rows];
                for (Seen p : parts) {
                    int previous = -1;
                    for (int[] r : p.ranges) {
                        assertThat(r[0] % 16).as("a range starts a block").isZero();
                        assertThat(r[0]).as("each participant's ranges ascend").isGreaterThan(previous);
                        previous = r[0];
                        for (int row = r[0]; row < r[1]; row++) {
                            assertThat(covered[row]).as("row " + row + " scanned twice").isFalse();
                            covered[row] = true;
                        }
                    }
                }
                for (int row = 0; row < rows; row++) {
                    assertThat(covered[row]).as("row " + row + " of " + rows).isTrue();
                }
            }
        }
    }

    @Test
    void smallScansAndScansWhileEveryThreadIsBusyRunOnTheCallerAlone() throws Exception {
        try (ScanPool pool = new ScanPool(2, 1000)) {
            List<Seen> small = pool.scan(999, 1, Seen::new, (seen, from, to) -> seen.ranges.add(new int[] {from, to}));
            assertThat(small).hasSize(1);
            assertThat(small.get(0).thread).isEqualTo(Thread.currentThread().getName());
            assertThat(small.get(0).ranges.get(0)).containsExactly(0, 999);

            // one scan in flight holds a thread: the next one has no idle thread to split onto
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread other = new Thread(() -> pool.scan(10, 1, Seen::new, (seen, from, to) -> {
                inside.countDown();
                await(release);
            }));
            other.start();
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Seen> busy = pool.scan(100_000, 1, Seen::new, (seen, from, to) -> seen.ranges.add(new int[] {from, to}));
            release.countDown();
            other.join();
            assertThat(busy).hasSize(1);
            assertThat(busy.get(0).ranges.get(0)).containsExactly(0, 100_000);

            // another request in flight (between its scans, say) also keeps a scan on its caller
            long before = pool.splits();
            try (ScanPool.Request elsewhere = pool.request(); ScanPool.Request mine = pool.request()) {
                assertThat(pool.scan(100_000, 1, Seen::new, (seen, from, to) -> { })).hasSize(1);
            }
            try (ScanPool.Request mine = pool.request()) {
                Set<String> threads = ConcurrentHashMap.newKeySet();
                assertThat(pool.scan(100_000, 1, Seen::new, (seen, from, to) -> awaitCompany(threads))).hasSize(2);
            }
            assertThat(pool.splits()).isEqualTo(before + 1);
        }
        assertThat(ScanPool.SERIAL.scan(1_000_000, 1, Seen::new, (seen, from, to) -> seen.ranges.add(new int[] {from, to})))
                .hasSize(1);
    }

    @Test
    void aFailureInAnyPartReachesTheCallerAfterEveryPartEnded() {
        try (ScanPool pool = new ScanPool(2, 10)) {
            Set<String> running = ConcurrentHashMap.newKeySet();
            assertThatThrownBy(() -> pool.scan(1000, 1, Seen::new, (seen, from, to) -> {
                running.add(from + "");
                try {
                    sleep();
                    if (from == 0) {
                        throw new IllegalStateException("broken row");
                    }
                } finally {
                    running.remove(from + "");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("broken row");
            assertThat(running).as("no part still running when the caller sees the failure").isEmpty();
            // the pool still works afterwards
            assertThat(pool.scan(1000, 1, Seen::new, (seen, from, to) -> sleep())).isNotEmpty();
        }
    }

    @Test
    void aClosedPoolScansOnTheCaller() {
        ScanPool pool = new ScanPool(4, 1);
        pool.close();
        List<Seen> parts = pool.scan(10_000, 1, Seen::new, (seen, from, to) -> seen.ranges.add(new int[] {from, to}));
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).ranges.stream().mapToInt(r -> r[1] - r[0]).sum()).isEqualTo(10_000);
    }

    /** Waits (up to 10 s) until a second thread has joined the scan. */
    private static void awaitCompany(Set<String> threads) {
        threads.add(Thread.currentThread().getName());
        long end = System.nanoTime() + 10_000_000_000L;
        while (threads.size() < 2 && System.nanoTime() < end) {
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A job for {@link ScanPool#share}: its key, and which pass ran it with whom. */
    static final class Job implements ScanPool.Shareable {
        final String key;
        final int id;
        volatile List<Integer> ranWith;
        volatile String ranBy;

        Job(String key, int id) {
            this.key = key;
            this.id = id;
        }

        @Override
        public Object passKey() {
            return key;
        }
    }

    @Test
    void scansWaitingForABusyPoolShareAPassWithTheirKeyUpToTheLimitAndEachRunsOnce() throws Exception {
        try (ScanPool pool = new ScanPool(1 + 1, 1)) {
            CountDownLatch inside = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger passesAtOnce = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
            java.util.function.Consumer<List<Job>> pass = jobs -> {
                int now = passesAtOnce.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                List<Integer> ids = jobs.stream().map(j -> j.id).toList();
                for (Job j : jobs) {
                    assertThat(j.ranWith).as("job " + j.id + " run twice").isNull();
                    j.ranWith = ids;
                    j.ranBy = Thread.currentThread().getName();
                }
                inside.countDown();
                await(release); // the first two passes hold both slots while the others queue up
                passesAtOnce.decrementAndGet();
            };
            List<Job> jobs = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Job job = new Job(i < 2 ? "first" : i % 2 == 0 ? "even" : "odd", i);
                jobs.add(job);
                Thread t = new Thread(() -> pool.share(job, 4, pass), "caller-" + i);
                callers.add(t);
                t.start();
                if (i == 1) {
                    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue(); // both slots taken by jobs 0 and 1
                }
            }
            long end = System.nanoTime() + 10_000_000_000L;
            while (callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() < 10
                    && System.nanoTime() < end) {
                Thread.sleep(2);
            }
            release.countDown();
            for (Thread t : callers) {
                t.join(10_000);
            }
            assertThat(mostAtOnce.get()).as("never more passes than threads").isLessThanOrEqualTo(2);
            for (Job j : jobs) {
                assertThat(j.ranWith).as("job " + j.id).isNotNull().contains(j.id).hasSizeLessThanOrEqualTo(4);
                for (int other : j.ranWith) {
                    assertThat(jobs.get(other).key).as("only jobs of one key share a pass").isEqualTo(j.key);
                }
                assertThat(j.ranWith.stream().map(id -> "caller-" + id).toList()).as("run by one of its own callers")
                        .contains(j.ranBy);
            }
            // the ten that waited went in passes of up to four: five even and five odd, so at least four passes
            long shared = jobs.stream().skip(2).filter(j -> j.ranWith.size() > 1).count();
            assertThat(shared).isGreaterThanOrEqualTo(8);
            assertThat(pool.sharedScans()).isEqualTo(shared);
        }
    }

    @Test
    void aFailedSharedPassFailsEveryScanInIt() throws Exception {
        try (ScanPool pool = new ScanPool(2, 1)) {
            CountDownLatch inside = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Job job = new Job(i < 2 ? "hold-" + i : "same", i);
                Thread t = new Thread(() -> {
                    try {
                        pool.share(job, 4, jobs -> {
                            if (jobs.get(0).key.startsWith("hold")) {
                                inside.countDown();
                                await(release);
                            } else {
                                throw new IllegalStateException("broken pass of " + jobs.size());
                            }
                        });
                    } catch (IllegalStateException e) {
                        failures.add(e);
                    }
                });
                callers.add(t);
                t.start();
                if (i == 1) {
                    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
                }
            }
            long end = System.nanoTime() + 10_000_000_000L;
            while (callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() < 3
                    && System.nanoTime() < end) {
                Thread.sleep(2);
            }
            release.countDown();
            for (Thread t : callers) {
                t.join(10_000);
            }
            assertThat(failures).hasSize(3).allSatisfy(f -> assertThat(f).hasMessage("broken pass of 3"));
        }
    }
}

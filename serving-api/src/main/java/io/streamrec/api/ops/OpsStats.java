package io.streamrec.api.ops;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator figures behind GET /v1/ops/stats and the console: every {@code console.sample-seconds} one
 * sample of the learning job (events learned per second, how old its newest model write is, prequential
 * recall@20, dropped updates and dead letters per second, all from the job's own Flink metrics) and of this
 * API process (requests per second, recommendation latency). The last {@code console.history-samples} are
 * kept in memory, so that a console opened now shows the recent past.
 */
public final class OpsStats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsStats.class);
    /** The route whose answer times are plotted as API latency. */
    public static final String RECOMMEND_ROUTE = "/v1/users/{userId}/recommendations";
    /** Latencies kept per sample interval; beyond, a uniform reservoir of this size. */
    static final int RESERVOIR = 4096;

    /**
     * Cumulative counters of the job, as its metrics report them (they restart at 0 when the job does).
     * {@code jobId} names the job and the metrics summed: two readings are compared only when it is the same.
     */
    public record JobReading(String jobId, long eventsLearned, long droppedUpdates, long prequentialEvaluated,
                             long prequentialHits, long deadLetters, Long newestWriteAgeMillis) {}

    /** Where the job's figures come from. */
    public interface JobSource {
        JobReading read() throws Exception;

        String describe();
    }

    /**
     * One sample; the job's fields are null while its metrics are not connected, rates also on the first
     * sample of a job (they need two readings).
     */
    public record Sample(long at, Double eventsPerSecond, Double freshnessMillis, Double prequentialRecallAt20,
                         Double droppedUpdatesPerSecond, Double deadLettersPerSecond, double requestsPerSecond,
                         Double recommendP50Millis, Double recommendP99Millis) {}

    /**
     * The samples, oldest first. {@code jobMetrics}: {@code connected}, {@code not_configured}
     * (console.flink-rest-url is empty) or {@code unavailable} (then {@code jobProblem} says why).
     */
    public record Response(int sampleSeconds, String jobMetrics, String jobProblem, List<Sample> samples) {}

    private final JobSource job;
    private final int sampleSeconds;
    private final int history;
    private final LongSupplier clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private ScheduledExecutorService timer;

    // the interval being recorded (guarded by this)
    private long requests;
    private float[] latencies = new float[64];
    private int latencyCount;
    private long latencySeen;

    // sampler state (sampler thread only, published through the synchronized samples)
    private JobReading previous;
    private long previousAt;
    private volatile String jobMetrics;
    private volatile String jobProblem;

    /** {@code job} null: the job's metrics are not configured. */
    public OpsStats(JobSource job, int sampleSeconds, int history, LongSupplier clock) {
        this.job = job;
        this.sampleSeconds = sampleSeconds;
        this.history = history;
        this.clock = clock;
        this.jobMetrics = job == null ? "not_configured" : "unavailable";
        this.jobProblem = job == null ? null : "not read yet";
    }

    /** Samples every {@code sampleSeconds} on a daemon thread until {@link #close()}. */
    public synchronized OpsStats start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ops-stats");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    sample();
                } catch (RuntimeException e) {
                    LOG.warn("operator stats sample failed", e);
                }
            }, sampleSeconds, sampleSeconds, TimeUnit.SECONDS);
        }
        return this;
    }

    /** Records one answered HTTP request of {@code route} (the matched template). */
    public void request(String route, int status, float millis) {
        if (!route.startsWith("/v1/")) {
            return;
        }
        synchronized (this) {
            requests++;
            if (status != 200 || !route.equals(RECOMMEND_ROUTE)) {
                return;
            }
            latencySeen++;
            if (latencyCount < RESERVOIR) {
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[latencyCount++] = millis;
            } else {
                long slot = ThreadLocalRandom.current().nextLong(latencySeen);
                if (slot < RESERVOIR) {
                    latencies[(int) slot] = millis;
                }
            }
        }
    }

    /** Takes one sample now (the timer calls it; tests too). */
    public void sample() {
        long now = clock.getAsLong();
        JobReading reading = null;
        if (job != null) {
            try {
                reading = job.read();
                jobMetrics = "connected";
                jobProblem = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!"unavailable".equals(jobMetrics) || !String.valueOf(e.getMessage()).equals(jobProblem)) {
                    LOG.info("job metrics from {} unavailable: {}", job.describe(), e.toString());
                }
                jobMetrics = "unavailable";
                jobProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        long count;
        float[] interval;
        synchronized (this) {
            count = requests;
            interval = Arrays.copyOf(latencies, latencyCount);
            requests = 0;
            latencyCount = 0;
            latencySeen = 0;
        }
        double seconds = previousAt == 0 ? sampleSeconds : Math.max(1, now - previousAt) / 1000.0;
        Arrays.sort(interval);
        Double p50 = interval.length == 0 ? null : (double) percentile(interval, 0.50);
        Double p99 = interval.length == 0 ? null : (double) percentile(interval, 0.99);
        Double eventsPerSecond = null;
        Double dropped = null;
        Double dead = null;
        Double recall = null;
        Double freshness = null;
        if (reading != null) {
            recall = reading.prequentialEvaluated() == 0 ? null
                    : (double) reading.prequentialHits() / reading.prequentialEvaluated();
            freshness = reading.newestWriteAgeMillis() == null ? null : reading.newestWriteAgeMillis().doubleValue();
            JobReading before = previous;
            if (before != null && before.jobId().equals(reading.jobId())
                    && reading.eventsLearned() >= before.eventsLearned()) { // a restarted job's counters start over
                eventsPerSecond = (reading.eventsLearned() - before.eventsLearned()) / seconds;
                dropped = Math.max(0, reading.droppedUpdates() - before.droppedUpdates()) / seconds;
                dead = Math.max(0, reading.deadLetters() - before.deadLetters()) / seconds;
            }
        }
        previous = reading;
        previousAt = now;
        Sample s = new Sample(now, eventsPerSecond, freshness, recall, dropped, dead, count / seconds, p50, p99);
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > history) {
                samples.removeFirst();
            }
        }
    }

    /** Nearest rank of sorted {@code values}. */
    static float percentile(float[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public Response stats() {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        return new Response(sampleSeconds, jobMetrics, jobProblem, copy);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}

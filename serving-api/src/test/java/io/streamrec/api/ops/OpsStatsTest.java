package io.streamrec.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpsStatsTest {
    final AtomicLong now = new AtomicLong(1_000_000);

    /** Hands out the readings it is given, one per sample; an exception when it has none. */
    static final class Readings implements OpsStats.JobSource {
        final Deque<Object> next = new ArrayDeque<>();

        @Override
        public OpsStats.JobReading read() throws Exception {
            Object r = next.removeFirst();
            if (r instanceof Exception e) {
                throw e;
            }
            return (OpsStats.JobReading) r;
        }

        @Override
        public String describe() {
            return "test";
        }
    }

    OpsStats.Sample sampleAfter(OpsStats stats, long millis) {
        now.addAndGet(millis);
        stats.sample();
        var samples = stats.stats().samples();
        return samples.get(samples.size() - 1);
    }

    @Test
    void ratesComeFromTheDifferenceOfTwoReadingsOfTheSameJob() {
        Readings job = new Readings();
        job.next.add(new OpsStats.JobReading("j1", 100, 0, 40, 10, 0, null));
        job.next.add(new OpsStats.JobReading("j1", 600, 10, 200, 60, 5, 250L));
        OpsStats stats = new OpsStats(job, 5, 100, now::get);

        OpsStats.Sample first = sampleAfter(stats, 0);
        assertThat(first.eventsPerSecond()).as("one reading is no rate").isNull();
        assertThat(first.prequentialRecallAt20()).isEqualTo(0.25);
        assertThat(first.freshnessMillis()).as("no model write yet").isNull();

        OpsStats.Sample second = sampleAfter(stats, 5000);
        assertThat(second.at()).isEqualTo(now.get());
        assertThat(second.eventsPerSecond()).isEqualTo(100.0);
        assertThat(second.droppedUpdatesPerSecond()).isEqualTo(2.0);
        assertThat(second.deadLettersPerSecond()).isEqualTo(1.0);
        assertThat(second.prequentialRecallAt20()).isEqualTo(0.3);
        assertThat(second.freshnessMillis()).isEqualTo(250.0);
        assertThat(stats.stats().jobMetrics()).isEqualTo("connected");
        assertThat(stats.stats().jobProblem()).isNull();
    }

    @Test
    void aRestartedJobGivesNoRateRatherThanANegativeOne() {
        Readings job = new Readings();
        job.next.add(new OpsStats.JobReading("j1", 5000, 0, 0, 0, 0, 10L));
        job.next.add(new OpsStats.JobReading("j2", 30, 0, 0, 0, 0, 10L));
        job.next.add(new OpsStats.JobReading("j2", 20, 0, 0, 0, 0, 10L)); // restarted from a checkpoint, same id
        job.next.add(new OpsStats.JobReading("j2", 70, 0, 0, 0, 0, 10L));
        OpsStats stats = new OpsStats(job, 1, 100, now::get);
        sampleAfter(stats, 0);
        assertThat(sampleAfter(stats, 1000).eventsPerSecond()).isNull();
        assertThat(sampleAfter(stats, 1000).eventsPerSecond()).isNull();
        assertThat(sampleAfter(stats, 1000).eventsPerSecond()).isEqualTo(50.0);
        assertThat(stats.stats().samples().get(0).prequentialRecallAt20()).as("nothing evaluated yet").isNull();
    }

    @Test
    void anUnreachableJobIsSaidSoAndTheApiFiguresAreKept() {
        Readings job = new Readings();
        job.next.add(new IOException("connection refused"));
        OpsStats stats = new OpsStats(job, 1, 100, now::get);
        stats.request(OpsStats.RECOMMEND_ROUTE, 200, 3);
        OpsStats.Sample s = sampleAfter(stats, 1000);
        assertThat(stats.stats().jobMetrics()).isEqualTo("unavailable");
        assertThat(stats.stats().jobProblem()).isEqualTo("connection refused");
        assertThat(s.eventsPerSecond()).isNull();
        assertThat(s.prequentialRecallAt20()).isNull();
        assertThat(s.recommendP50Millis()).isEqualTo(3.0);

        OpsStats none = new OpsStats(null, 1, 100, now::get);
        none.sample();
        assertThat(none.stats().jobMetrics()).isEqualTo("not_configured");
        assertThat(none.stats().samples()).hasSize(1);
    }

    @Test
    void latencyPercentilesAreOfAnsweredRecommendationsOfTheIntervalOnly() {
        OpsStats stats = new OpsStats(null, 2, 100, now::get);
        for (int ms = 100; ms >= 1; ms--) {
            stats.request(OpsStats.RECOMMEND_ROUTE, 200, ms);
        }
        stats.request(OpsStats.RECOMMEND_ROUTE, 503, 5000); // a request, not an answer's latency
        stats.request("/v1/trending", 200, 900);
        stats.request("/metrics", 200, 1); // not the API's /v1 traffic
        OpsStats.Sample s = sampleAfter(stats, 2000);
        assertThat(s.recommendP50Millis()).isEqualTo(50.0);
        assertThat(s.recommendP99Millis()).isEqualTo(99.0);
        assertThat(s.requestsPerSecond()).isEqualTo(51.0);

        OpsStats.Sample idle = sampleAfter(stats, 2000);
        assertThat(idle.recommendP50Millis()).isNull();
        assertThat(idle.requestsPerSecond()).isZero();
    }

    @Test
    void moreRecommendationsThanTheReservoirHoldStillGiveTheirPercentiles() {
        OpsStats stats = new OpsStats(null, 1, 100, now::get);
        for (int i = 0; i < 10 * OpsStats.RESERVOIR; i++) {
            stats.request(OpsStats.RECOMMEND_ROUTE, 200, 7);
        }
        stats.request(OpsStats.RECOMMEND_ROUTE, 200, 7);
        OpsStats.Sample s = sampleAfter(stats, 1000);
        assertThat(s.recommendP50Millis()).isEqualTo(7.0);
        assertThat(s.recommendP99Millis()).isEqualTo(7.0);
        assertThat(s.requestsPerSecond()).isEqualTo(10.0 * OpsStats.RESERVOIR + 1);
    }

    @Test
    void onlyTheLastSamplesAreKeptOldestFirst() {
        OpsStats stats = new OpsStats(null, 1, 3, now::get);
        for (int i = 0; i < 5; i++) {
            sampleAfter(stats, 1000);
        }
        assertThat(stats.stats().samples()).extracting(OpsStats.Sample::at)
                .containsExactly(now.get() - 2000, now.get() - 1000, now.get());
    }

    @Test
    void percentileIsTheNearestRank() {
        assertThat(OpsStats.percentile(new float[] {1, 2, 3, 4}, 0.5)).isEqualTo(2f);
        assertThat(OpsStats.percentile(new float[] {1, 2, 3, 4}, 0.99)).isEqualTo(4f);
        assertThat(OpsStats.percentile(new float[] {8}, 0.5)).isEqualTo(8f);
    }
}

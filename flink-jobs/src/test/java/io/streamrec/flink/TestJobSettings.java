package io.streamrec.flink;

/** What the job's tests share of their settings; each names its Kafka, Redis, checkpoints, sinks and models. */
final class TestJobSettings {
    private TestJobSettings() {}

    /**
     * One-second out-of-orderness, no idleness, a week's recent items, hour and day trending half-lives, trending
     * written 5 s after a change (as soon as the other publications: {@link StateInRedis#awaitDone} waits for them).
     */
    static JobSettings.Builder common(int parallelism) {
        return JobSettings.builder()
                .parallelism(parallelism, 128)
                .watermarks(1000, 0)
                .recent(168, 50, 3600)
                .changeFeedMaxLen(100_000)
                .trending(3_600_000d, 86_400_000d, 5_000);
    }
}

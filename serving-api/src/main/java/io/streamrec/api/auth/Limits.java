package io.streamrec.api.auth;

/**
 * What one client may take of an API process: requests per second per secret key and per client
 * address (0 = unlimited), how many scanning reads run at once and how long others wait, and how long
 * an idle connection is kept.
 */
public record Limits(int keyRatePerSecond, int ipRatePerSecond, String clientIpHeader, int maxConcurrentReads,
                     int readQueueMillis, int idleTimeoutMillis) {

    /** No rate limits; reads capped at twice the cores (tests of other things). */
    public static final Limits DEFAULTS = new Limits(0, 0, "", 0, 200, 30_000);

    /** {@link #maxConcurrentReads}, with 0 meaning twice the available cores. */
    public int concurrentReads() {
        return maxConcurrentReads > 0 ? maxConcurrentReads : 2 * Runtime.getRuntime().availableProcessors();
    }
}

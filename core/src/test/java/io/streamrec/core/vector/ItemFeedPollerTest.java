package io.streamrec.core.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The poller's thread with Redis out of reach: it keeps trying, counts each failure, and stops when closed. */
class ItemFeedPollerTest {

    /** A local port nothing listens on. */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aFailedReadNeitherStopsTheThreadNorTouchesTheMatrixAndCloseStopsIt() throws Exception {
        RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + closedPort(), 200, 2, 500, "test");
        ItemMatrix matrix = new ItemMatrix(4, 10);
        matrix.upsert("kept", new float[] {1, 2, 3, 4}, 1);
        AtomicInteger applied = new AtomicInteger();
        try (UnifiedJedis redis = RedisClientFactory.create(settings)) {
            ItemFeedPoller poller = new ItemFeedPoller("test-feed", new ItemVectorFeed(redis), matrix,
                    new ReentrantReadWriteLock(), applied::incrementAndGet, lag -> {});
            poller.sync(); // on the caller's thread, as the job's first load
            assertThat(poller.failures()).isEqualTo(1);
            assertThat(poller.loaded()).isFalse();
            assertThat(poller.millisSinceSync()).isEqualTo(-1);

            poller.start(10);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (poller.failures() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(poller.failures()).as("the thread tries again after each failure").isGreaterThanOrEqualTo(4);
            poller.close();
            long after = poller.failures();
            Thread.sleep(100);
            assertThat(poller.failures()).as("closed: no more reads").isEqualTo(after);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-feed") && t.isAlive());
        }
        assertThat(applied).hasValue(0);
        assertThat(matrix.rowOf("kept")).as("what the matrix had is kept").isNotNegative();
    }
}

package io.streamrec.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong();

    @Test
    void allowsABurstOfOneSecondThenRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(3, nanos::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(limiter.acquire("b")).as("keys have their own buckets").isZero();
        nanos.addAndGet(340_000_000L); // a third of a second: one request's worth
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        nanos.addAndGet(10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).as("the bucket holds one second, however long idle").isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);
    }
}

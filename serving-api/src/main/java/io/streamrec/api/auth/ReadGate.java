package io.streamrec.api.auth;

import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.streamrec.api.error.ApiException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most N scanning reads at once (a top-K over every item costs milliseconds of a core); a read that
 * finds no place within the queue time gets 503 with Retry-After, so that reads cannot take every core
 * from event ingestion, which does not pass this gate.
 */
public final class ReadGate {
    static final int RETRY_AFTER_SECONDS = 1;
    private final Semaphore permits;
    private final long queueMillis;

    public ReadGate(int concurrent, long queueMillis) {
        this.permits = new Semaphore(concurrent, true);
        this.queueMillis = queueMillis;
    }

    public Handler around(Handler handler) {
        return ctx -> {
            if (!permits.tryAcquire(queueMillis, TimeUnit.MILLISECONDS)) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "too many reads in progress; retry after "
                        + RETRY_AFTER_SECONDS + " s", null, RETRY_AFTER_SECONDS);
            }
            try {
                handler.handle(ctx);
            } finally {
                permits.release();
            }
        };
    }

    /** Takes a place without a request (tests: a read that holds its place). */
    public boolean tryTake() {
        return permits.tryAcquire();
    }

    public void giveBack() {
        permits.release();
    }
}

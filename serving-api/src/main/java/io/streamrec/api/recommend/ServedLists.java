package io.streamrec.api.recommend;

import io.streamrec.api.events.EventPublisher;
import io.streamrec.core.rank.ServedList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands the lists served to users over to the {@link EventPublisher} on a thread of its own, so that no
 * request waits on Kafka (a producer may block while it has no metadata). A bounded queue: when it is full
 * (Kafka slow or down) a list is dropped and counted; the blend learns from the others.
 */
public final class ServedLists implements AutoCloseable {
    private final EventPublisher publisher;
    private final BlockingQueue<ServedList> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread worker;
    private volatile boolean closed;

    public ServedLists(EventPublisher publisher, int capacity) {
        this.publisher = publisher;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::run, "served-lists");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a list for publication; never blocks. */
    public void offer(ServedList list) {
        if (closed || !queue.offer(list)) {
            dropped.increment();
        }
    }

    /** Lists dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    public long published() {
        return publisher.servedListsPublished();
    }

    public long failed() {
        return publisher.servedListsFailed();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            try {
                ServedList l = queue.poll(200, TimeUnit.MILLISECONDS);
                if (l != null) {
                    publisher.publishServed(l);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // a publisher's bug must not end the thread
                dropped.increment();
            }
        }
    }

    /** Publishes what is queued (for at most a second), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
    }
}

package io.streamrec.api.events;

import io.streamrec.core.event.Event;
import io.streamrec.core.rank.ServedList;
import java.util.List;

/** Hands validated events over durably (to Kafka in production). */
public interface EventPublisher extends AutoCloseable {
    /**
     * Returns only when every event is durably stored (acks=all); throws {@link PublishException}
     * otherwise. Some events of a failed batch may have been stored: clients retry, and the event
     * contract's {@code eventId} lets consumers recognise repeats.
     */
    void publishAll(List<Event> events) throws PublishException;

    /**
     * Hands a list served to a user over for the job to learn the blend from ({@link ServedList}), on the
     * user's partition, without waiting: a list that cannot be published is counted
     * ({@link #servedListsFailed}) and otherwise lost, as it is feedback, not data anyone sent us.
     */
    void publishServed(ServedList list);

    /** Served lists handed over so far. */
    default long servedListsPublished() {
        return 0;
    }

    /** Served lists that could not be published. */
    default long servedListsFailed() {
        return 0;
    }

    @Override
    void close();

    final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package io.streamrec.api.events;

import io.streamrec.core.event.Event;
import java.util.List;

/** Hands validated events over durably (to Kafka in production). */
public interface EventPublisher extends AutoCloseable {
    /**
     * Returns only when every event is durably stored (acks=all); throws {@link PublishException}
     * otherwise. Some events of a failed batch may have been stored: clients retry, and the event
     * contract's {@code eventId} lets consumers recognise repeats.
     */
    void publishAll(List<Event> events) throws PublishException;

    @Override
    void close();

    final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

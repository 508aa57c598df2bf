package io.streamrec.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpStatus;
import io.streamrec.api.Bodies;
import io.streamrec.api.auth.Caller;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.error.ApiException;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.ParseResult;
import io.streamrec.core.event.UserPseudonyms;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a body of one event or an array of events against the contract and hands the valid ones
 * to the {@link EventPublisher} before answering. Nothing accepted is lost (the answer comes after
 * Kafka's acknowledgement) and nothing rejected is dropped silently (each rejection is listed).
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private final EventParser parser;
    private final EventPublisher publisher;
    private final int maxBatch;
    private final ApiMetrics metrics;
    private final UserPseudonyms pseudonyms;

    public IngestService(EventParser parser, EventPublisher publisher, int maxBatch, ApiMetrics metrics,
                         UserPseudonyms pseudonyms) {
        this.parser = parser;
        this.publisher = publisher;
        this.maxBatch = maxBatch;
        this.metrics = metrics;
        this.pseudonyms = pseudonyms;
    }

    public IngestResponse ingest(byte[] body, Caller caller) {
        return ingest(Bodies.json(body, "one event object or an array of events"), caller);
    }

    /**
     * Validates and publishes one event object or an array of them. A caller bound to one user (a
     * publishable key with a user token) may send only that user's events of its allowed types: one
     * event outside that refuses the whole request (403), so nothing of a forged batch is stored.
     */
    public IngestResponse ingest(JsonNode root, Caller caller) {
        List<Event> valid = new ArrayList<>();
        List<ApiError.Rejected> rejected = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw ApiException.badRequest("empty array: send at least one event");
            }
            if (root.size() > maxBatch) {
                throw ApiException.badRequest("too many events in one request: " + root.size() + " (at most " + maxBatch + ")");
            }
            for (int i = 0; i < root.size(); i++) {
                ParseResult r = parser.parse(root.get(i));
                if (r.isValid()) {
                    valid.add(r.event());
                } else {
                    rejected.add(new ApiError.Rejected(i, r.reason()));
                }
            }
            if (valid.isEmpty()) {
                metrics.eventsRejected(rejected.size());
                throw new ApiException(HttpStatus.BAD_REQUEST, "no valid event in the request; first problem: event "
                        + rejected.get(0).index() + ": " + rejected.get(0).reason(), rejected, null);
            }
        } else if (root.isObject()) {
            ParseResult r = parser.parse(root);
            if (!r.isValid()) {
                metrics.eventsRejected(1);
                throw ApiException.badRequest(r.reason());
            }
            valid.add(r.event());
        } else {
            throw ApiException.badRequest("the body must be an event object or an array of events, got "
                    + root.getNodeType().toString().toLowerCase());
        }
        for (Event e : valid) {
            if (caller.boundToUser() && !e.userId.equals(caller.userId())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "a publishable key may only send events of its user "
                        + "token's user");
            }
            if (!caller.eventTypes().contains(e.type)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "this key may not send " + e.type.wireName()
                        + " events (api.publishable-event-types); send them from your backend with a secret key");
            }
        }
        if (pseudonyms.enabled()) {
            valid.forEach(e -> e.userId = pseudonyms.stored(e.userId)); // after the checks against the caller's token
        }
        try {
            publisher.publishAll(valid);
        } catch (EventPublisher.PublishException e) {
            LOG.error("could not hand {} events to Kafka: {}", valid.size(), e.getMessage());
            metrics.publishFailures(valid.size());
            throw ApiException.unavailable("events not stored, retry later: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        metrics.eventsAccepted(valid.size());
        metrics.eventsRejected(rejected.size());
        return new IngestResponse(valid.size(), rejected);
    }
}

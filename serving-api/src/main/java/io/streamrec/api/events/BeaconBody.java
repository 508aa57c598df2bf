package io.streamrec.api.events;

import io.streamrec.api.openapi.Doc;
import io.streamrec.api.openapi.EventSchema;
import java.util.List;

/** The body of {@code POST /v1/events/beacon}: credentials travel in it because a beacon cannot set headers. */
public record BeaconBody(
        @Doc(value = "a publishable key (api.publishable-keys)", required = true) String key,
        @Doc(value = "a user token for the events' user", required = true) String token,
        @Doc(value = "up to api.max-batch events of that user", required = true) List<EventSchema> events) {}

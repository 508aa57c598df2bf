package io.streamrec.api.openapi;

import java.util.Map;

/**
 * The event contract as documented in the OpenAPI document (validation itself is
 * {@link io.streamrec.core.event.EventParser}). Only used for documentation.
 */
public record EventSchema(
        @Doc("optional client id, at most 64 characters") String eventId,
        @Doc(value = "1–128 characters", required = true) String userId,
        @Doc(value = "1–128 characters", required = true) String itemId,
        @Doc(value = "view | click | favorite | add_to_cart | remove_from_cart | purchase | rating | impression",
                required = true) String type,
        @Doc(value = "epoch milliseconds or ISO-8601 date-time with offset; not negative, at most 1 day ahead",
                required = true, example = "2024-05-01T12:00:00Z") String ts,
        @Doc("rating 0–5 (required for rating), else a quantity ≥ 0") Double value,
        @Doc("optional category, at most 128 characters") String category,
        @Doc("optional object: device, recId, variant …; at most 2048 bytes") Map<String, Object> context) {}

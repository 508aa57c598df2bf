package io.streamrec.api.events;

import io.streamrec.api.error.ApiError;
import java.util.List;

/** Answer of POST /v1/events: how many events were accepted and which were rejected, with why. */
public record IngestResponse(int accepted, List<ApiError.Rejected> rejected) {}

package io.streamrec.api.catalog;

import io.streamrec.api.error.ApiError;
import java.util.List;

/** Answer of POST /v1/items: how many items were stored, and each rejected one with its reason. */
public record CatalogBulkResponse(int accepted, List<ApiError.Rejected> rejected) {}

package io.streamrec.api.buyagain;

import java.util.List;

/**
 * Answer of GET /v1/users/{userId}/buy-again. {@code fallback} is true when the list is not the
 * user's own (no purchase history, or Redis unavailable): then it is what is popular.
 */
public record BuyAgainResponse(String userId, List<BuyAgainItem> items, boolean fallback) {}

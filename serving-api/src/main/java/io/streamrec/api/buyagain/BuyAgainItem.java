package io.streamrec.api.buyagain;

import java.util.List;

/**
 * One item of a buy-again list: its score, why it is there, and (for the user's own items) the
 * typical days between their orders of it (null when bought in one order only) and when they last
 * bought it (epoch ms). A cold-start item carries only its score and reason.
 */
public record BuyAgainItem(String itemId, double score, List<String> reasons, Double everyDays, Long lastPurchaseTs) {}

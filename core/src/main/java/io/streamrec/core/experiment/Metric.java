package io.streamrec.core.experiment;

/** What is counted per experiment and variant. */
public enum Metric {
    /** Items shown (each recId and item once). */
    IMPRESSIONS,
    /** Impressions clicked within the click window (each once). */
    CLICKS,
    /** Impressions put in the cart within the conversion window (each once). */
    ADD_TO_CARTS,
    /** Impressions bought within the conversion window (each once). */
    PURCHASES,
    /** The {@code value} of every purchase attributed to an impression. */
    REVENUE,
    /** Users with at least one impression. */
    USERS,
    /** Clicks, add-to-carts and purchases carrying a recId that match no impression in their window. */
    UNATTRIBUTED,
    /** Σ over users of (the user's impressions)², for the rates' delta-method variance. */
    IMPRESSIONS_SQ,
    /** Σ over users of (clicks)². */
    CLICKS_SQ,
    /** Σ over users of clicks × impressions. */
    CLICKS_X_IMPRESSIONS,
    /** Σ over users of (purchases)². */
    PURCHASES_SQ,
    /** Σ over users of purchases × impressions. */
    PURCHASES_X_IMPRESSIONS;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

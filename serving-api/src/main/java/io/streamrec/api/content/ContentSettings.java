package io.streamrec.api.content;

import io.streamrec.core.config.StreamrecConfig;

/**
 * The API's side of item text embeddings ({@code content.*}).
 *
 * @param enabled          false: no embedding, no text similarity
 * @param model            {@link io.streamrec.content.TextEmbedder#load}
 * @param queueMax         items waiting to be embedded before further ones are dropped
 * @param maxItems         text vectors held in memory
 * @param similarMinEvents below this many learned contributions, similar items come from text
 * @param rankShare        share of the score the content score takes for a user without history
 *                         ({@code rank.content-share}; 0 = off)
 */
public record ContentSettings(boolean enabled, String model, int queueMax, int maxItems, int similarMinEvents,
                              double rankShare) {

    /** With the default content share ({@code rank.content-share}). */
    public ContentSettings(boolean enabled, String model, int queueMax, int maxItems, int similarMinEvents) {
        this(enabled, model, queueMax, maxItems, similarMinEvents,
                StreamrecConfig.defaults().getDouble(StreamrecConfig.RANK_CONTENT_SHARE));
    }

    public static ContentSettings from(StreamrecConfig c) {
        return new ContentSettings(c.getBoolean(StreamrecConfig.CONTENT_ENABLED),
                c.getString(StreamrecConfig.CONTENT_MODEL), c.getInt(StreamrecConfig.CONTENT_QUEUE_MAX),
                c.getInt(StreamrecConfig.CONTENT_MAX_ITEMS), c.getInt(StreamrecConfig.CONTENT_SIMILAR_MIN_EVENTS),
                c.getDouble(StreamrecConfig.RANK_CONTENT_SHARE));
    }

    public static ContentSettings defaults() {
        return from(StreamrecConfig.defaults());
    }
}

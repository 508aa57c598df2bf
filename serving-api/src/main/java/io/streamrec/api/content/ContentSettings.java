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
 */
public record ContentSettings(boolean enabled, String model, int queueMax, int maxItems, int similarMinEvents) {

    public static ContentSettings from(StreamrecConfig c) {
        return new ContentSettings(c.getBoolean(StreamrecConfig.CONTENT_ENABLED),
                c.getString(StreamrecConfig.CONTENT_MODEL), c.getInt(StreamrecConfig.CONTENT_QUEUE_MAX),
                c.getInt(StreamrecConfig.CONTENT_MAX_ITEMS), c.getInt(StreamrecConfig.CONTENT_SIMILAR_MIN_EVENTS));
    }

    public static ContentSettings defaults() {
        return from(StreamrecConfig.defaults());
    }
}

package io.streamrec.flink.learn;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;

/**
 * New items' starts from their text ({@code content.start-*}): the user learner reads the item text
 * embeddings the API stores ({@link io.streamrec.core.redis.RedisKeys#ITEM_TEXT_VECTORS}) at start and
 * every {@code reloadMs}.
 *
 * @param neighbours    nearest text neighbours averaged (0: off, the category centroid only)
 * @param minSimilarity neighbours less similar do not count
 * @param reloadMs      how often the text vectors are read again (0: only at start)
 * @param maxItems      text vectors held per user-learner instance
 */
public record TextStartSettings(int neighbours, float minSimilarity, long reloadMs, int maxItems) implements Serializable {
    public static final TextStartSettings OFF = new TextStartSettings(0, 1f, 0, 0);

    public boolean enabled() {
        return neighbours > 0 && maxItems > 0;
    }

    public static TextStartSettings from(StreamrecConfig c) {
        if (!c.getBoolean(StreamrecConfig.CONTENT_ENABLED)) {
            return OFF;
        }
        return new TextStartSettings(c.getInt(StreamrecConfig.CONTENT_START_NEIGHBOURS),
                (float) c.getDouble(StreamrecConfig.CONTENT_START_MIN_SIMILARITY),
                c.getInt(StreamrecConfig.CONTENT_START_RELOAD_MS), c.getInt(StreamrecConfig.CONTENT_MAX_ITEMS));
    }
}

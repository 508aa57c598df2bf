package io.streamrec.flink.blend;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;

/**
 * How the job learns the blend's weights: how long a served list waits for the user's next positive event
 * ({@code model.blend.feedback-window-minutes}) and how often the weights are published at most
 * ({@code model.blend.publish-interval-ms}).
 */
public record BlendSettings(long feedbackWindowMillis, long publishIntervalMillis) implements Serializable {
    public BlendSettings {
        if (feedbackWindowMillis <= 0 || publishIntervalMillis <= 0) {
            throw new IllegalArgumentException("blend feedback window and publish interval must be positive");
        }
    }

    public static BlendSettings from(StreamrecConfig c) {
        return new BlendSettings(c.getLong(StreamrecConfig.BLEND_FEEDBACK_WINDOW_MINUTES) * 60_000L,
                c.getLong(StreamrecConfig.BLEND_PUBLISH_INTERVAL_MS));
    }

    public static BlendSettings defaults() {
        return new BlendSettings(Long.parseLong(StreamrecConfig.BLEND_FEEDBACK_WINDOW_MINUTES.defaultValue()) * 60_000L,
                Long.parseLong(StreamrecConfig.BLEND_PUBLISH_INTERVAL_MS.defaultValue()));
    }
}

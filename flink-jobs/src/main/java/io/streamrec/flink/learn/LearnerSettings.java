package io.streamrec.flink.learn;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import java.io.Serializable;

/**
 * What the learner operators need: the model, the event weights, the sampler and cache bounds, the
 * prequential sample, where the published item vectors are, the gradient bundles, when item vectors are
 * published and where new items start from their text.
 */
public record LearnerSettings(MfConfig model, EventWeights weights, int samplerSize, double negativePopularityShare,
                              int itemCacheMax,
                              long itemFeedPollMs, double evalSample, RedisSettings redis, int bundleEvents,
                              long bundleMs, int bundleNegatives, int stateCache, int stateCacheWaiting,
                              int itemStateWaiting,
                              float publishDrift, long publishDelayMs, TextStartSettings text, int evalMaxPerSecond)
        implements Serializable {

    /** Unbundled: one item update per event and item, fresh negatives per event, every update published. */
    public LearnerSettings(MfConfig model, EventWeights weights, int samplerSize, double negativePopularityShare,
                           int itemCacheMax, long itemFeedPollMs, double evalSample, RedisSettings redis) {
        this(model, weights, samplerSize, negativePopularityShare, itemCacheMax, itemFeedPollMs, evalSample, redis, 1, 0, 0, 0, 0, 0,
                0f, 0, TextStartSettings.OFF, 0);
    }

    /** The same settings with gradient bundles of {@code events} events, at most {@code ms} open, {@code negatives} shared negatives. */
    public LearnerSettings withBundles(int events, long ms, int negatives) {
        return new LearnerSettings(model, weights, samplerSize, negativePopularityShare, itemCacheMax, itemFeedPollMs,
                evalSample, redis, events, ms, negatives, stateCache, stateCacheWaiting, itemStateWaiting, publishDrift, publishDelayMs, text,
                evalMaxPerSecond);
    }

    /**
     * The same settings with up to {@code items} keyed states cached on the heap per operator instance, of
     * which at most a 50th wait for the checkpoint barrier once changed.
     */
    public LearnerSettings withStateCache(int items) {
        return withStateCache(items, items / 50, items / 50);
    }

    /**
     * The same settings with up to {@code items} keyed states cached, at most {@code waiting} of them changed
     * ({@code itemWaiting} in the item learner).
     */
    public LearnerSettings withStateCache(int items, int waiting, int itemWaiting) {
        return new LearnerSettings(model, weights, samplerSize, negativePopularityShare, itemCacheMax, itemFeedPollMs,
                evalSample, redis, bundleEvents, bundleMs, bundleNegatives, items, waiting, itemWaiting, publishDrift,
                publishDelayMs, text, evalMaxPerSecond);
    }

    /**
     * The same settings publishing an item's vectors once they moved by {@code drift} times their norm
     * since the last publication (0: after every update; {@link ItemSide#publishDue}), and smaller moves
     * every {@code delayMs} (0: only before a checkpoint barrier and at the end of input).
     */
    public LearnerSettings withPublishDrift(float drift, long delayMs) {
        return new LearnerSettings(model, weights, samplerSize, negativePopularityShare, itemCacheMax, itemFeedPollMs,
                evalSample, redis, bundleEvents, bundleMs, bundleNegatives, stateCache, stateCacheWaiting, itemStateWaiting, drift, delayMs,
                text, evalMaxPerSecond);
    }

    /** The same settings with new items started from their text ({@link TextStartSettings}). */
    public LearnerSettings withTextStarts(TextStartSettings t) {
        return new LearnerSettings(model, weights, samplerSize, negativePopularityShare, itemCacheMax, itemFeedPollMs,
                evalSample, redis, bundleEvents, bundleMs, bundleNegatives, stateCache, stateCacheWaiting, itemStateWaiting, publishDrift, publishDelayMs, t,
                evalMaxPerSecond);
    }

    public static LearnerSettings from(StreamrecConfig c, RedisSettings redis) {
        return new LearnerSettings(MfConfig.from(c), EventWeights.defaults(), c.getInt(StreamrecConfig.MF_SAMPLER_SIZE),
                c.getDouble(StreamrecConfig.MF_NEGATIVE_POPULARITY_SHARE), c.getInt(StreamrecConfig.MF_ITEM_CACHE_MAX), c.getInt(StreamrecConfig.MF_ITEM_FEED_POLL_MS),
                c.getDouble(StreamrecConfig.MF_EVAL_SAMPLE), redis, c.getInt(StreamrecConfig.MF_BUNDLE_EVENTS),
                c.getInt(StreamrecConfig.MF_BUNDLE_MS), c.getInt(StreamrecConfig.MF_BUNDLE_NEGATIVES),
                c.getInt(StreamrecConfig.FLINK_STATE_CACHE), c.getInt(StreamrecConfig.FLINK_STATE_CACHE_WAITING),
                c.getInt(StreamrecConfig.FLINK_STATE_CACHE_WAITING_ITEMS),
                (float) c.getDouble(StreamrecConfig.MF_PUBLISH_DRIFT),
                c.getInt(StreamrecConfig.MF_PUBLISH_DELAY_MS), TextStartSettings.from(c),
                c.getInt(StreamrecConfig.MF_EVAL_MAX_PER_SECOND));
    }
}

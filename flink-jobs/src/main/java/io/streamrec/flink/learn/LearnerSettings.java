package io.streamrec.flink.learn;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import java.io.Serializable;

/**
 * What the learner operators need: the model, the event weights, the sampler and cache bounds, the
 * prequential sample and where the published item vectors are.
 */
public record LearnerSettings(MfConfig model, EventWeights weights, int samplerSize, double negativePopularityShare,
                              int itemCacheMax,
                              long itemFeedPollMs, double evalSample, RedisSettings redis) implements Serializable {

    public static LearnerSettings from(StreamrecConfig c, RedisSettings redis) {
        return new LearnerSettings(MfConfig.from(c), EventWeights.defaults(), c.getInt(StreamrecConfig.MF_SAMPLER_SIZE),
                c.getDouble(StreamrecConfig.MF_NEGATIVE_POPULARITY_SHARE), c.getInt(StreamrecConfig.MF_ITEM_CACHE_MAX), c.getInt(StreamrecConfig.MF_ITEM_FEED_POLL_MS),
                c.getDouble(StreamrecConfig.MF_EVAL_SAMPLE), redis);
    }
}

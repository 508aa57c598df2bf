package io.streamrec.flink.interest;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.redis.RedisSettings;
import java.io.Serializable;

/**
 * What the per-user interest and the exploration feedback need: the two half-lives of category
 * interest, how many categories a user keeps, the half-life of exploration feedback, how often the
 * catalogue (for events without a category) is read from Redis (0 = never), and where Redis is.
 */
public record InterestSettings(double shortHalfLifeMillis, double longHalfLifeMillis, int maxCategories,
                               double exploreHalfLifeMillis, long catalogPollMs, RedisSettings redis)
        implements Serializable {

    public static InterestSettings from(StreamrecConfig c, RedisSettings redis) {
        return new InterestSettings(c.getDouble(StreamrecConfig.INTEREST_SHORT_HALF_LIFE_MINUTES) * 60_000,
                c.getDouble(StreamrecConfig.INTEREST_LONG_HALF_LIFE_DAYS) * 86_400_000,
                c.getInt(StreamrecConfig.INTEREST_MAX_CATEGORIES),
                c.getDouble(StreamrecConfig.EXPLORE_FEEDBACK_HALF_LIFE_DAYS) * 86_400_000,
                c.getInt(StreamrecConfig.INTEREST_CATALOG_POLL_MS), redis);
    }

    /** The defaults, with the catalogue followed every {@code catalogPollMs} from {@code redis}. */
    public static InterestSettings defaults(long catalogPollMs, RedisSettings redis) {
        return new InterestSettings(30 * 60_000d, 14 * 86_400_000d, 20, 7 * 86_400_000d, catalogPollMs, redis);
    }
}

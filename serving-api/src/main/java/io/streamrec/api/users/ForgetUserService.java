package io.streamrec.api.users;

import io.streamrec.api.error.ApiException;
import io.streamrec.api.events.EventPublisher;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.redis.RedisKeys;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Forgets a user (privacy requests): first a {@code forget_user} tombstone goes to the events topic,
 * keyed by the user like their events, so the job applies it after everything the user sent before
 * and clears their state and Redis keys itself; then this service deletes every Redis key of the user
 * ({@link RedisKeys#allUserKeys}) so reads stop seeing them at once. Both steps are idempotent: a
 * failed request can simply be repeated.
 */
public final class ForgetUserService {
    private static final Logger LOG = LoggerFactory.getLogger(ForgetUserService.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private final EventPublisher publisher;
    private final UnifiedJedis redis;
    private final LongSupplier clock;

    private final UserPseudonyms pseudonyms;

    public ForgetUserService(EventPublisher publisher, UnifiedJedis redis, LongSupplier clock, UserPseudonyms pseudonyms) {
        this.publisher = publisher;
        this.redis = redis;
        this.clock = clock;
        this.pseudonyms = pseudonyms;
    }

    public ForgetUserResponse forget(String userId) {
        String stored = pseudonyms.stored(userId);
        try {
            publisher.publishAll(List.of(EventParser.forgetUser(stored, clock.getAsLong())));
        } catch (EventPublisher.PublishException e) {
            throw ApiException.unavailable("user not forgotten, the tombstone could not be stored in Kafka; retry: "
                    + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        long deleted;
        try {
            deleted = redis.del(RedisKeys.allUserKeys(stored).toArray(String[]::new));
        } catch (JedisException e) {
            throw ApiException.unavailable("the job will forget the user, but Redis did not delete the keys now; retry: "
                    + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        LOG.info("forgot user {}: tombstone sent, {} Redis keys deleted", userId, deleted);
        return new ForgetUserResponse(userId, deleted, true);
    }
}

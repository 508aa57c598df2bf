package io.streamrec.api.recommend;

import io.streamrec.core.model.RepurchaseState;
import io.streamrec.core.rank.InterestProfile;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.resps.Tuple;

/**
 * A user as Redis knows them at a request ({@link UserReader}).
 *
 * @param storedId the id the system keeps the user's state under ({@code privacy.user-id-hmac-key})
 * @param query   the user's vector (null: the model does not know them yet)
 * @param exclude the items the request leaves out (recent and bought, as {@code exclude} asks)
 * @param profile their category interests decayed to now
 * @param history how many events the model learned from them (0 without a vector)
 * @param rebuy   their re-purchase cycles, read only for {@code include=repeats}, else null
 * @param recent  their recent items with their weights, read only when co-occurrence or content needs
 *                them, else empty
 */
record UserState(String storedId, float[] query, Set<String> exclude, InterestProfile profile, long history, RepurchaseState rebuy,
                 List<Tuple> recent) {}

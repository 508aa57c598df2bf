package io.streamrec.api;

import io.streamrec.api.auth.ApiKeys;
import io.streamrec.api.auth.AuthSettings;
import io.streamrec.api.auth.Limits;
import io.streamrec.api.auth.UserTokens;
import io.streamrec.api.recommend.RecommendationService;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.rank.RankConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The API's settings, read once from {@link StreamrecConfig} and checked. */
public record ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK,
                          double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis, long changeFeedMaxLen,
                          List<String> adminKeys, List<String> writeKeys, List<String> readKeys, RankConfig rank,
                          RecommendationService.Settings recommend, AuthSettings auth, Limits limits,
                          UserPseudonyms pseudonyms, Repurchase rebuy, double repeatShare, double cooccurrenceShare) {

    /** With the default share of co-occurrence ({@code rank.cooccurrence-share}). */
    public ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK,
                       double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis, long changeFeedMaxLen,
                       List<String> adminKeys, List<String> writeKeys, List<String> readKeys, RankConfig rank,
                       RecommendationService.Settings recommend, AuthSettings auth, Limits limits,
                       UserPseudonyms pseudonyms, Repurchase rebuy, double repeatShare) {
        this(host, port, maxBodyBytes, maxBatch, defaultK, maxK, trendingShortHalfLifeMillis, trendingLongHalfLifeMillis,
                changeFeedMaxLen, adminKeys, writeKeys, readKeys, rank, recommend, auth, limits, pseudonyms, rebuy,
                repeatShare, StreamrecConfig.defaults().getDouble(StreamrecConfig.RANK_COOCCURRENCE_SHARE));
    }

    /** With the default buy-again model and share of repeats ({@code model.rebuy.*}, {@code rank.repeat-share}). */
    public ApiSettings(String host, int port, long maxBodyBytes, int maxBatch, int defaultK, int maxK,
                       double trendingShortHalfLifeMillis, double trendingLongHalfLifeMillis, long changeFeedMaxLen,
                       List<String> adminKeys, List<String> writeKeys, List<String> readKeys, RankConfig rank,
                       RecommendationService.Settings recommend, AuthSettings auth, Limits limits,
                       UserPseudonyms pseudonyms) {
        this(host, port, maxBodyBytes, maxBatch, defaultK, maxK, trendingShortHalfLifeMillis, trendingLongHalfLifeMillis,
                changeFeedMaxLen, adminKeys, writeKeys, readKeys, rank, recommend, auth, limits, pseudonyms,
                Repurchase.defaults(), StreamrecConfig.defaults().getDouble(StreamrecConfig.RANK_REPEAT_SHARE));
    }

    /** scheme://host[:port], no path, no wildcard. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");

    public static ApiSettings from(StreamrecConfig c) {
        List<String> admin = ApiKeys.split(c.getString(StreamrecConfig.API_ADMIN_KEYS));
        List<String> write = ApiKeys.split(c.getString(StreamrecConfig.API_WRITE_KEYS));
        List<String> read = ApiKeys.split(c.getString(StreamrecConfig.API_READ_KEYS));
        List<String> publishable = ApiKeys.split(c.getString(StreamrecConfig.API_PUBLISHABLE_KEYS));
        List<String> problems = new ArrayList<>();
        if (admin.isEmpty()) {
            problems.add(StreamrecConfig.API_ADMIN_KEYS.name() + ": at least one admin key is required (env "
                    + "STREAMREC_API_ADMIN_KEYS); the catalogue and user deletion must not be open");
        }
        problems.add(ApiKeys.problem(StreamrecConfig.API_ADMIN_KEYS.name(), admin));
        problems.add(ApiKeys.problem(StreamrecConfig.API_WRITE_KEYS.name(), write));
        problems.add(ApiKeys.problem(StreamrecConfig.API_READ_KEYS.name(), read));
        problems.add(ApiKeys.problem(StreamrecConfig.API_PUBLISHABLE_KEYS.name(), publishable));
        Map<String, byte[]> tokenKeys = Map.of();
        try {
            tokenKeys = UserTokens.parseKeys(c.getString(StreamrecConfig.API_TOKEN_KEYS));
        } catch (IllegalArgumentException e) {
            problems.add(StreamrecConfig.API_TOKEN_KEYS.name() + ": " + e.getMessage());
        }
        if (!publishable.isEmpty() && tokenKeys.isEmpty()) {
            problems.add(StreamrecConfig.API_PUBLISHABLE_KEYS.name() + ": publishable keys act for the user of a user "
                    + "token, so api.token-keys must hold at least one signing key");
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : ApiKeys.split(c.getString(StreamrecConfig.API_PUBLISHABLE_EVENT_TYPES))) {
            Optional<EventType> t = EventType.fromWire(name);
            if (t.isEmpty() || t.get().isControl()) {
                problems.add(StreamrecConfig.API_PUBLISHABLE_EVENT_TYPES.name() + ": unknown event type '" + name
                        + "' (one of " + EventType.wireNames() + ")");
            } else {
                types.add(t.get());
            }
        }
        List<String> origins = ApiKeys.split(c.getString(StreamrecConfig.API_ALLOWED_ORIGINS));
        for (String o : origins) {
            if (!ORIGIN.matcher(o).matches()) {
                problems.add(StreamrecConfig.API_ALLOWED_ORIGINS.name() + ": '" + o + "' is not an origin "
                        + "(scheme://host[:port], no path, no wildcard)");
            }
        }
        UserPseudonyms pseudonyms = null;
        try {
            pseudonyms = UserPseudonyms.of(c.getString(StreamrecConfig.PRIVACY_USER_ID_HMAC_KEY));
        } catch (IllegalArgumentException e) {
            problems.add(StreamrecConfig.PRIVACY_USER_ID_HMAC_KEY.name() + ": " + e.getMessage());
        }
        problems.removeIf(Objects::isNull);
        if (!problems.isEmpty()) {
            throw new StreamrecConfig.ConfigException(problems);
        }
        AuthSettings auth = new AuthSettings(publishable, types, c.getInt(StreamrecConfig.API_PUBLISHABLE_RATE_LIMIT),
                origins, tokenKeys, c.getInt(StreamrecConfig.API_TOKEN_MAX_TTL_SECONDS),
                "open".equals(c.getString(StreamrecConfig.API_USER_READS)), c.getBoolean(StreamrecConfig.API_DEMO));
        return new ApiSettings(c.getString(StreamrecConfig.API_HOST), c.getInt(StreamrecConfig.API_PORT),
                c.getLong(StreamrecConfig.API_MAX_BODY_BYTES), c.getInt(StreamrecConfig.API_MAX_BATCH),
                c.getInt(StreamrecConfig.API_DEFAULT_K), c.getInt(StreamrecConfig.API_MAX_K),
                c.getDouble(StreamrecConfig.TRENDING_SHORT_HALF_LIFE_MINUTES) * 60_000,
                c.getDouble(StreamrecConfig.TRENDING_LONG_HALF_LIFE_MINUTES) * 60_000,
                c.getLong(StreamrecConfig.REDIS_CHANGE_FEED_MAX_LEN), admin, write, read, RankConfig.from(c),
                new RecommendationService.Settings(c.getInt(StreamrecConfig.RANK_CANDIDATES),
                        c.getDouble(StreamrecConfig.INTEREST_SHORT_HALF_LIFE_MINUTES) * 60_000,
                        c.getDouble(StreamrecConfig.INTEREST_LONG_HALF_LIFE_DAYS) * 86_400_000,
                        c.getDouble(StreamrecConfig.EXPLORE_FEEDBACK_HALF_LIFE_DAYS) * 86_400_000,
                        c.getInt(StreamrecConfig.API_TRENDING_REFRESH_MS),
                        "learned".equals(c.getString(StreamrecConfig.RANK_BLEND)),
                        c.getInt(StreamrecConfig.RANK_BLEND_REFRESH_MS), c.getInt(StreamrecConfig.RANK_BLEND_RUNNERS_UP),
                        c.getDouble(StreamrecConfig.RANK_ITEM_EVIDENCE)), auth,
                new Limits(c.getInt(StreamrecConfig.API_KEY_RATE_LIMIT), c.getInt(StreamrecConfig.API_IP_RATE_LIMIT),
                        c.getString(StreamrecConfig.API_CLIENT_IP_HEADER).trim(),
                        c.getInt(StreamrecConfig.API_MAX_CONCURRENT_READS), c.getInt(StreamrecConfig.API_READ_QUEUE_MS),
                        c.getInt(StreamrecConfig.API_IDLE_TIMEOUT_MS)), pseudonyms, Repurchase.from(c),
                c.getDouble(StreamrecConfig.RANK_REPEAT_SHARE), c.getDouble(StreamrecConfig.RANK_COOCCURRENCE_SHARE));
    }
}

package io.streamrec.api.recommend;

import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.experiment.ExperimentArms;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.rank.BlendWeights;
import io.streamrec.core.rank.Ranker;
import io.streamrec.core.rank.ServedList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A user's recommendations per request, from what the learning job published: the user as Redis knows
 * them ({@link UserReader}, one round trip), their candidates ({@link CandidateCollector}: the
 * {@code rank.candidates} best items of a flat scan with the query vector, what is trending overall and in
 * the user's strongest categories), and the list made of them ({@link ListAssembler}: the {@link Ranker}
 * blends model, interests and trending with weights that follow the user, explores a share of the list
 * and diversifies it (MMR)).
 *
 * <p>With {@code rank.cooccurrence-share} above 0, the user's recent items are read with their weights and
 * the items bought together with them ({@link Cooccurring}, a second round trip) join the candidates; each
 * candidate's co-occurrence takes that share of its score ({@link Ranker}).
 *
 * <p>With {@code rank.content-share} above 0, the user's recent items are read with their weights, their
 * text profile ({@link ContentIndex#profile}) scores every candidate's text and its nearest texts join the
 * candidates; the content score takes a share that falls as the user's history grows ({@link Ranker}).
 *
 * <p>With {@code include=repeats} the user's buy-again items ({@link BuyAgainService}, scored at request
 * time from the re-purchase cycles read in the same round trip) take up to {@code rank.repeat-share} of
 * the list, first, and the ranked items fill the rest; bought items are excluded from the ranked part
 * as usual, so nothing appears twice.
 *
 * <p>Fallbacks, each marked {@code fallback: true}: users the model does not know yet (no vector) get
 * a list from interests and trending alone; when Redis is unavailable every user gets the trending
 * lists last read, or else the items with the highest learned bias, all from this process's memory
 * ({@link MemoryFallback}).
 * After a Redis failure the service does not try Redis again for {@link #REDIS_RETRY_MILLIS}, so an
 * outage costs requests no time; recovery is automatic.
 */
public final class RecommendationService {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);
    public static final String MODEL_VERSION = "online-mf-v1";
    static final long REDIS_RETRY_MILLIS = 1000;

    /** What to leave out besides unavailable and deleted items. */
    public enum Exclude {
        /** everything the user interacted with recently, and everything they bought */
        SEEN,
        /** only what they bought */
        BOUGHT,
        /** nothing */
        NONE;

        public static final List<String> NAMES = List.of("seen", "bought", "none");
    }

    /**
     * One request; {@code seed} null = not reproducible; {@code repeats}: blend in the user's buy-again items
     * ({@code include=repeats}).
     */
    public record Request(String userId, int k, String category, Exclude exclude, boolean explain, Long seed,
                          boolean repeats) {}

    /**
     * The half-lives the job decays interests with, to decay them further to request time, and how old a trending
     * list may get before it is read again in the background ({@link TrendingService#popularity}; lists that
     * change over an hour or a day need no fresher copy).
     */
    public record Settings(int candidates, double shortHalfLifeMillis, double longHalfLifeMillis,
                           double exploreHalfLifeMillis, long trendingMaxAgeMillis, boolean learnedBlend,
                           long blendRefreshMillis, int blendRunnersUp, double itemEvidence) {
        /** Without item-side confidence ({@code rank.item-evidence} 0). */
        public Settings(int candidates, double shortHalfLifeMillis, double longHalfLifeMillis,
                        double exploreHalfLifeMillis, long trendingMaxAgeMillis, boolean learnedBlend,
                        long blendRefreshMillis, int blendRunnersUp) {
            this(candidates, shortHalfLifeMillis, longHalfLifeMillis, exploreHalfLifeMillis, trendingMaxAgeMillis,
                    learnedBlend, blendRefreshMillis, blendRunnersUp, 0);
        }

        /** With the blend as configured by default ({@code rank.blend}, {@code rank.blend-*}). */
        public Settings(int candidates, double shortHalfLifeMillis, double longHalfLifeMillis,
                        double exploreHalfLifeMillis, long trendingMaxAgeMillis) {
            this(candidates, shortHalfLifeMillis, longHalfLifeMillis, exploreHalfLifeMillis, trendingMaxAgeMillis,
                    "learned".equals(io.streamrec.core.config.StreamrecConfig.RANK_BLEND.defaultValue()),
                    Long.parseLong(io.streamrec.core.config.StreamrecConfig.RANK_BLEND_REFRESH_MS.defaultValue()),
                    Integer.parseInt(io.streamrec.core.config.StreamrecConfig.RANK_BLEND_RUNNERS_UP.defaultValue()));
        }
    }

    /** Why an answer was served as it was, counted for streamrec_recommendations_total{fallback}. */
    public enum Served { NONE, NEW_USER, REDIS_UNAVAILABLE }

    private final ItemIndex items;
    /** Picks each request's ranking: an experiment's variant, a stopped experiment's winner, or the configured one. */
    private final ExperimentArms experiments;
    private final ExploreArms arms;
    private final LongSupplier clock;
    private final UserReader users;
    private final CandidateCollector collector;
    private final ListAssembler assembler;
    private final MemoryFallback memory;
    private final ContentIndex content;
    /** Where the lists served go for the job to learn the blend from; null: nowhere. */
    private final ServedLists servedLists;
    private final int runnersUp;
    private volatile long skipRedisUntil;
    private final EnumMap<Served, LongAdder> served = new EnumMap<>(Served.class);

    /**
     * @param pseudonyms how user ids are stored (privacy.user-id-hmac-key); answers carry the caller's id
     * @param buyAgain scores the user's re-purchase cycles for {@code include=repeats}
     * @param repeatShare largest share of the list the repeats take ({@code rank.repeat-share})
     * @param content the items' text vectors, for the content score
     * @param servedLists where each list served goes, with its items' blend parts, for the job to learn the
     *                    blend's weights from; null: nowhere
     */
    public RecommendationService(UnifiedJedis redis, ItemIndex items, TrendingService trending, ExperimentArms experiments,
                                 Settings settings, LongSupplier clock, UserPseudonyms pseudonyms,
                                 BuyAgainService buyAgain, double repeatShare, ContentIndex content,
                                 ServedLists servedLists) {
        this.items = items;
        this.experiments = experiments;
        this.clock = clock;
        this.arms = new ExploreArms(redis, settings.exploreHalfLifeMillis(), 5000);
        this.users = new UserReader(redis, pseudonyms, items.width(), settings.shortHalfLifeMillis(),
                settings.longHalfLifeMillis(), clock);
        this.collector = new CandidateCollector(redis, items, trending, settings.candidates(),
                settings.trendingMaxAgeMillis());
        this.assembler = new ListAssembler(buyAgain, repeatShare, clock);
        this.memory = new MemoryFallback(items, trending);
        this.content = content;
        this.servedLists = servedLists;
        this.runnersUp = settings.blendRunnersUp();
        for (Served s : Served.values()) {
            served.put(s, new LongAdder());
        }
    }

    /** Answers served so far for one reason. */
    public long served(Served why) {
        return served.get(why).sum();
    }

    public RecommendationResponse recommend(Request r) {
        try (ScanPool.Request inFlight = items.request()) {
            return assemble(r);
        }
    }

    private RecommendationResponse assemble(Request r) {
        ExperimentArms.Arm arm = experiments.armFor(r.userId());
        boolean together = arm.ranker().cooccurrenceShare() > 0;
        boolean described = arm.ranker().contentShare() > 0;
        UserState user;
        List<Ranker.Candidate> candidates;
        try {
            if (clock.getAsLong() < skipRedisUntil) {
                return fromMemory(r);
            }
            user = users.read(r, together || described);
            ContentIndex.Profile text = described ? content.profile(user.recent()) : null;
            candidates = collector.collect(user, r.category(), together, text);
        } catch (JedisException | IllegalStateException e) {
            // IllegalStateException: on a Redis Cluster, a pipeline whose node failed leaves its replies unset
            markRedisDown(e);
            return fromMemory(r);
        }
        ItemIndex.Filter unfiltered = new ItemIndex.Filter(user.exclude(), null);
        Ranker.Exploration exploration = r.category() != null ? Ranker.Exploration.NONE : new Ranker.Exploration(
                items.categories(), arms.current(), category -> explore(category, unfiltered));
        BlendWeights weights = arm.ranker().learnedWeights();
        long weightsVersion = weights == null ? 0 : weights.version();
        ListAssembler.Assembled out = assembler.assemble(r, arm.ranker(), candidates, user, exploration,
                servedLists == null || !experiments.feedsBlend(arm) ? -1 : runnersUp);
        served.get(user.query() == null ? Served.NEW_USER : Served.NONE).increment();
        String recId = arm.nextRecId();
        if (out.served() != null && !out.served().isEmpty()) {
            servedLists.offer(new ServedList(user.storedId(), clock.getAsLong(), recId, weightsVersion,
                    out.served()));
        }
        return new RecommendationResponse(r.userId(), out.items(), MODEL_VERSION, user.query() == null, recId,
                arm.experiment(), arm.variant());
    }

    /** What exploring a category would show; nothing when its list cannot be read. */
    private List<Ranker.Candidate> explore(String category, ItemIndex.Filter filter) {
        try {
            return collector.explore(category, filter);
        } catch (JedisException e) {
            return List.of();
        }
    }

    private void markRedisDown(RuntimeException e) {
        skipRedisUntil = clock.getAsLong() + REDIS_RETRY_MILLIS;
        LOG.warn("Redis unavailable, serving recommendations from memory for {} ms: {}", REDIS_RETRY_MILLIS, e.getMessage());
    }

    /** Redis is unavailable: the trending list last read, else the model's most popular items. */
    private RecommendationResponse fromMemory(Request r) {
        List<ScoredItem> list = memory.list(r);
        served.get(Served.REDIS_UNAVAILABLE).increment();
        return new RecommendationResponse(r.userId(), list, MODEL_VERSION, true);
    }
}

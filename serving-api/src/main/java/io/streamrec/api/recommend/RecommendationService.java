package io.streamrec.api.recommend;

import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.api.experiment.ExperimentArms;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.index.RowSet;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.event.UserPseudonyms;
import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.RepeatBlend;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.model.RepurchaseState;
import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.rank.Ranker;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * Assembles a user's recommendations per request from what the learning job published, in one Redis
 * round trip: the user's query vector (so an event a moment ago already counts), their recent and
 * bought items, their category interests and how many events the model learned from them.
 *
 * <p>Candidates: the {@code rank.candidates} best items of a flat scan of every recommendable item
 * with the query vector, what is trending overall, and what is trending in the user's strongest
 * categories. The {@link Ranker} blends model, interests and trending with weights that follow the
 * user, explores a share of the list and diversifies it (MMR).
 *
 * <p>With {@code rank.cooccurrence-share} above 0, the user's recent items are read with their weights and
 * the items bought together with them ({@link Cooccurring}, a second round trip) join the candidates; each
 * candidate's co-occurrence takes that share of its score ({@link Ranker}).
 *
 * <p>With {@code include=repeats} the user's buy-again items ({@link BuyAgainService}, scored at request
 * time from the re-purchase cycles read in the same round trip) take up to {@code rank.repeat-share} of
 * the list, first, and the ranked items fill the rest; bought items are excluded from the ranked part
 * as usual, so nothing appears twice.
 *
 * <p>Fallbacks, each marked {@code fallback: true}: users the model does not know yet (no vector) get
 * a list from interests and trending alone; when Redis is unavailable every user gets the trending
 * lists last read, or else the items with the highest learned bias, all from this process's memory.
 * After a Redis failure the service does not try Redis again for {@link #REDIS_RETRY_MILLIS}, so an
 * outage costs requests no time; recovery is automatic.
 */
public final class RecommendationService {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);
    public static final String MODEL_VERSION = "online-mf-v1";
    static final long REDIS_RETRY_MILLIS = 1000;
    static final int TRENDING_CANDIDATES = 100;
    static final int CATEGORY_CANDIDATES = 30;
    static final int STRONGEST_CATEGORIES = 3;
    static final int MAX_RESOLVED_LISTS = 1024;

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
     * list may get before it is read again in the background ({@link TrendingService#popularity}; the default
     * 30 s is plenty for lists that change over an hour or a day: read every 5 s, the copies of 51 lists a second
     * outlived young collections and were most of what the API promoted to the old generation).
     */
    public record Settings(int candidates, double shortHalfLifeMillis, double longHalfLifeMillis,
                           double exploreHalfLifeMillis, long trendingMaxAgeMillis) {}

    private final UnifiedJedis redis;
    private final ItemIndex items;
    private final TrendingService trending;
    /** Picks each request's ranking: an experiment's variant, a stopped experiment's winner, or the configured one. */
    private final ExperimentArms experiments;
    private final Settings settings;
    private final ExploreArms arms;
    private final LongSupplier clock;
    private volatile long skipRedisUntil;
    /** Trending lists resolved to rows, by category ("" = overall). */
    private final java.util.concurrent.ConcurrentHashMap<String, TrendingRows> trendingRows =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final BuyAgainService buyAgain;
    private final double repeatShare;

    /**
     * @param pseudonyms how user ids are stored (privacy.user-id-hmac-key); answers carry the caller's id
     * @param buyAgain scores the user's re-purchase cycles for {@code include=repeats}
     * @param repeatShare largest share of the list the repeats take ({@code rank.repeat-share})
     */
    public RecommendationService(UnifiedJedis redis, ItemIndex items, TrendingService trending, ExperimentArms experiments,
                                 Settings settings, LongSupplier clock, UserPseudonyms pseudonyms,
                                 BuyAgainService buyAgain, double repeatShare) {
        this.experiments = experiments;
        this.pseudonyms = pseudonyms;
        this.buyAgain = buyAgain;
        this.repeatShare = repeatShare;
        this.redis = redis;
        this.items = items;
        this.trending = trending;
        this.settings = settings;
        this.arms = new ExploreArms(redis, settings.exploreHalfLifeMillis(), 5000);
        this.clock = clock;
    }

    private final UserPseudonyms pseudonyms;

    /** Why an answer was served as it was, counted for streamrec_recommendations_total{fallback}. */
    public enum Served { NONE, NEW_USER, REDIS_UNAVAILABLE }

    private final java.util.EnumMap<Served, java.util.concurrent.atomic.LongAdder> served = new java.util.EnumMap<>(Served.class);

    {
        for (Served s : Served.values()) {
            served.put(s, new java.util.concurrent.atomic.LongAdder());
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
        UserState user = clock.getAsLong() < skipRedisUntil ? null : readUser(r, together);
        if (user == null) {
            return fromMemory(r);
        }
        Map<String, Double> cooc = Map.of();
        ItemIndex.Filter unfiltered = new ItemIndex.Filter(user.exclude, null); // per-category lists are in category already
        Map<String, Double> popularity;
        Map<String, Map<String, Double>> byCategory = new HashMap<>();
        List<String> categories = new ArrayList<>();
        try {
            popularity = r.category() == null
                    ? trending.popularity("24h", null, settings.trendingMaxAgeMillis()) : Map.of();
            if (r.category() != null) {
                categories.add(r.category());
            } else {
                Set<String> strongest = new LinkedHashSet<>(user.profile.strongest(false, STRONGEST_CATEGORIES));
                strongest.addAll(user.profile.strongest(true, STRONGEST_CATEGORIES));
                categories.addAll(strongest);
            }
            for (String c : categories) {
                byCategory.put(c, trending.popularity("24h", c, settings.trendingMaxAgeMillis()));
            }
            if (together) {
                cooc = Cooccurring.scores(redis, user.recent, user.exclude);
            }
        } catch (JedisException e) {
            markRedisDown(e);
            return fromMemory(r);
        }

        // candidates: the model's best (facts straight from the scan), what is trending, what is trending in
        // the user's categories (facts looked up by the rows the lists were resolved to)
        TrendingRows overall = r.category() == null ? trendingRows("", popularity) : TrendingRows.EMPTY;
        Map<String, TrendingRows> listed = new LinkedHashMap<>();
        byCategory.forEach((c, pop) -> listed.put(c, trendingRows(c, pop)));
        // every candidate is taken once: scanned rows and trending items are told apart by row (an item the
        // scan found has one), trending items without a vector yet by id
        int extraCapacity = TRENDING_CANDIDATES + CATEGORY_CANDIDATES * listed.size()
                + (cooc.isEmpty() ? 0 : CoOccurrence.CANDIDATES);
        List<Ranker.Candidate> candidates = new ArrayList<>(settings.candidates() + extraCapacity);
        RowSet taken = new RowSet(settings.candidates() + extraCapacity);
        // one admission serves the scan (which adds the request's category) and every trending list (the
        // overall list is taken only without a category, where the request's filter is the unfiltered one)
        ItemIndex.Admission admission = items.admission(unfiltered);
        if (user.query != null) {
            for (ItemIndex.ItemFacts f : items.topFacts(user.query, settings.candidates(), admission, r.category())) {
                double trend = overall.trendOfRow(f.row());
                if (Double.isNaN(trend) && f.category() != null && listed.containsKey(f.category())) {
                    trend = listed.get(f.category()).trendOfRow(f.row()); // the same decayed sum as overall
                }
                taken.add(f.row());
                candidates.add(new Ranker.Candidate(f.itemId(), f.category(), f.score(),
                        Double.isNaN(trend) ? 0.0 : trend, f.factors(), cooc.getOrDefault(f.itemId(), 0.0)));
            }
        }
        Extras extras = new Extras(extraCapacity, taken);
        extras.take(overall, TRENDING_CANDIDATES, admission, null);
        listed.forEach((c, list) -> extras.take(list, CATEGORY_CANDIDATES, admission, c));
        if (!cooc.isEmpty()) { // the items bought with the user's recent ones; their popularity as trending knows it
            int from = extras.n;
            extras.take(TrendingRows.of(cooc, items), CoOccurrence.CANDIDATES, admission, null);
            for (int i = from; i < extras.n; i++) {
                double trend = extras.rows[i] >= 0 ? overall.trendOfRow(extras.rows[i]) : Double.NaN;
                extras.trend[i] = Double.isNaN(trend) ? 0.0 : trend;
            }
        }
        ItemIndex.ItemFacts[] facts = items.factsAt(extras.ids, extras.rows, extras.n, user.query);
        for (int i = 0; i < extras.n; i++) {
            ItemIndex.ItemFacts f = facts[i];
            String id = extras.ids[i];
            String category = f != null && f.category() != null ? f.category() : extras.category[i];
            candidates.add(new Ranker.Candidate(id, category, f == null ? Double.NaN : f.score(), extras.trend[i],
                    f == null ? null : f.factors(), cooc.getOrDefault(id, 0.0)));
        }

        Ranker.Exploration exploration = r.category() != null ? Ranker.Exploration.NONE : new Ranker.Exploration(
                items.categories(), arms.current(), category -> exploreCandidates(category, unfiltered));
        SplittableRandom rnd = r.seed() == null ? new SplittableRandom()
                : new SplittableRandom(r.seed() ^ r.userId().hashCode() * 0x9E3779B97F4A7C15L);
        List<ScoredItem> out = new ArrayList<>(r.k());
        for (Ranker.Ranked ranked : arm.ranker().rank(candidates, user.profile, user.history, r.k(),
                exploration, rnd, r.explain())) {
            out.add(new ScoredItem(ranked.itemId(), ranked.score(), ranked.reasons()));
        }
        if (r.repeats()) {
            out = withRepeats(r, user.rebuy, out);
        }
        served.get(user.query == null ? Served.NEW_USER : Served.NONE).increment();
        return new RecommendationResponse(r.userId(), out, MODEL_VERSION, user.query == null, arm.nextRecId(),
                arm.experiment(), arm.variant());
    }

    /** {@code ranked} with the user's buy-again items blended in ({@link RepeatBlend}). */
    private List<ScoredItem> withRepeats(Request r, RepurchaseState rebuy, List<ScoredItem> ranked) {
        List<Repurchase.Scored> repeats = buyAgain.ranked(rebuy, clock.getAsLong(),
                RepeatBlend.slots(r.k(), repeatShare), r.category());
        if (repeats.isEmpty()) {
            return ranked;
        }
        Map<String, ScoredItem> byId = new HashMap<>();
        for (ScoredItem s : ranked) {
            byId.put(s.itemId(), s);
        }
        for (Repurchase.Scored s : repeats) { // a repeat keeps its buy-again score and reason
            byId.put(s.itemId(), new ScoredItem(s.itemId(), s.score(), r.explain() ? List.of(Repurchase.reason(s)) : null));
        }
        List<ScoredItem> out = new ArrayList<>(r.k());
        for (String id : RepeatBlend.merge(repeats.stream().map(Repurchase.Scored::itemId).toList(),
                ranked.stream().map(ScoredItem::itemId).toList(), r.k(), repeatShare)) {
            out.add(byId.get(id));
        }
        return out;
    }

    /** The resolution of a trending list to matrix rows, made once per list read (see {@link TrendingRows}). */
    private TrendingRows trendingRows(String category, Map<String, Double> popularity) {
        TrendingRows rows = trendingRows.get(category);
        if (rows == null || !rows.resolves(popularity, items.size())) {
            if (trendingRows.size() >= MAX_RESOLVED_LISTS) {
                trendingRows.clear(); // categories come from what users did: keep this bounded
            }
            rows = TrendingRows.of(popularity, items);
            trendingRows.put(category, rows);
        }
        return rows;
    }

    /** The trending items a request adds to the model's candidates, in the order they were taken. */
    private final class Extras {
        final String[] ids;
        final int[] rows;
        final double[] trend;
        final String[] category;
        /** Rows already candidates (the scan's, then these); items without a row in {@link #takenIds}. */
        private final RowSet taken;
        private final Set<String> takenIds = new HashSet<>();
        int n;

        Extras(int capacity, RowSet taken) {
            ids = new String[capacity];
            rows = new int[capacity];
            trend = new double[capacity];
            category = new String[capacity];
            this.taken = taken;
        }

        /**
         * Takes up to {@code max} admitted items of a trending list that are not candidates yet, with their
         * popularity (and the list's category, when it is a category's list).
         */
        void take(TrendingRows list, int max, ItemIndex.Admission admission, String listCategory) {
            int seen = 0;
            for (int i = 0; i < list.ids.length && seen < max; i++) {
                String id = list.ids[i];
                int row = list.rows[i]; // current: a list is resolved again when the matrix grew (trendingRows)
                if (row >= 0 ? taken.contains(row) : takenIds.contains(id)) {
                    seen++;
                    continue;
                }
                if (n < ids.length && admission.admits(row, id)) {
                    if (row >= 0) {
                        taken.add(row);
                    } else {
                        takenIds.add(id);
                    }
                    ids[n] = id;
                    rows[n] = row;
                    trend[n] = list.trend[i];
                    category[n++] = listCategory;
                    seen++;
                }
            }
        }
    }

    /** What exploring {@code category} would show: its trending items the user has not seen. */
    private List<Ranker.Candidate> exploreCandidates(String category, ItemIndex.Filter filter) {
        Map<String, Double> pop;
        try {
            pop = trending.popularity("24h", category, settings.trendingMaxAgeMillis());
        } catch (JedisException e) {
            return List.of();
        }
        List<Ranker.Candidate> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : pop.entrySet()) {
            if (out.size() == 5) {
                break;
            }
            if (items.admits(e.getKey(), filter)) {
                out.add(new Ranker.Candidate(e.getKey(), category, Double.NaN, e.getValue(), null));
            }
        }
        return out;
    }

    /** The user as Redis knows them (with their recent items' weights when {@code weighted}); null when Redis failed. */
    private UserState readUser(Request r, boolean weighted) {
        String u = pseudonyms.stored(r.userId());
        try (AbstractPipeline p = redis.pipelined()) {
            Response<byte[]> vector = p.get(RedisKeys.userVector(u).getBytes(StandardCharsets.UTF_8));
            Response<List<String>> recent = r.exclude() == Exclude.SEEN && !weighted
                    ? p.zrange(RedisKeys.userRecentItems(u), 0, -1) : null;
            Response<List<Tuple>> recentWeights = weighted ? p.zrangeWithScores(RedisKeys.userRecentItems(u), 0, -1) : null;
            Response<List<String>> bought = r.exclude() != Exclude.NONE ? p.zrange(RedisKeys.userBought(u), 0, -1) : null;
            Response<Map<String, String>> interests = p.hgetAll(RedisKeys.userInterests(u));
            Response<List<String>> meta = p.hmget(RedisKeys.userMeta(u), RedisKeys.META_RECENT_REF_TS,
                    RedisKeys.META_VECTOR_VERSION);
            Response<byte[]> rebuy = r.repeats() ? p.get(RedisKeys.userRebuy(u).getBytes(StandardCharsets.UTF_8)) : null;
            p.sync();
            Set<String> exclude = new HashSet<>();
            if (recent != null) {
                exclude.addAll(recent.get());
            }
            if (recentWeights != null && r.exclude() == Exclude.SEEN) {
                recentWeights.get().forEach(t -> exclude.add(t.getElement()));
            }
            if (bought != null) {
                exclude.addAll(bought.get());
            }
            byte[] encoded = vector.get();
            float[] query = encoded == null ? null : VectorCodec.decode(encoded);
            if (query != null && query.length != items.width()) {
                query = null; // a vector of another model dimension
            }
            long refTs = parseLong(meta.get().get(0), clock.getAsLong());
            long history = query == null ? 0 : Math.max(1, parseLong(meta.get().get(1), 1)); // a vector means ≥ 1 event
            return new UserState(query, exclude, profile(interests.get(), refTs), history,
                    rebuy == null ? null : BuyAgainService.read(rebuy.get()),
                    recentWeights == null ? List.of() : recentWeights.get());
        } catch (JedisException | IllegalStateException e) {
            // IllegalStateException: on a Redis Cluster, a pipeline whose node failed leaves its replies unset
            markRedisDown(e);
            return null;
        }
    }

    /** The interests as published ("short long" at refTs), decayed to now. */
    private InterestProfile profile(Map<String, String> published, long refTs) {
        if (published.isEmpty()) {
            return InterestProfile.EMPTY;
        }
        long now = Math.max(clock.getAsLong(), refTs);
        Map<String, Double> shortW = new HashMap<>();
        Map<String, Double> longW = new HashMap<>();
        published.forEach((category, value) -> {
            double[] v = RedisKeys.parseInterestValue(value);
            if (v != null) { // else not written by the job
                shortW.put(category, CategoryInterests.decayed(v[0], refTs, now, settings.shortHalfLifeMillis()));
                longW.put(category, CategoryInterests.decayed(v[1], refTs, now, settings.longHalfLifeMillis()));
            }
        });
        return new InterestProfile(shortW, longW);
    }

    private static long parseLong(String s, long def) {
        if (s == null) {
            return def;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /**
     * {@code rebuy}: the user's re-purchase cycles, read only for {@code include=repeats}, else null;
     * {@code recent}: the recent items with their weights, read only for co-occurrence, else empty.
     */
    private record UserState(float[] query, Set<String> exclude, InterestProfile profile, long history,
                             RepurchaseState rebuy, List<Tuple> recent) {}

    private void markRedisDown(RuntimeException e) {
        skipRedisUntil = clock.getAsLong() + REDIS_RETRY_MILLIS;
        LOG.warn("Redis unavailable, serving recommendations from memory for {} ms: {}", REDIS_RETRY_MILLIS, e.getMessage());
    }

    /** Redis is unavailable: the trending list last read, else the model's most popular items. */
    private RecommendationResponse fromMemory(Request r) {
        ItemIndex.Filter filter = new ItemIndex.Filter(Set.of(), r.category());
        List<ScoredItem> list = trending.cached("24h", r.category(), r.k(),
                id -> items.admits(id, ItemIndex.Filter.NONE), false);
        if (r.explain()) {
            list = list.stream().map(s -> new ScoredItem(s.itemId(), s.score(),
                    List.of("trending (served from memory while Redis is unavailable)"))).toList();
        }
        if (list.isEmpty()) {
            List<ScoredItem> popular = new ArrayList<>(r.k());
            for (ItemIndex.Scored s : items.byBias(r.k(), filter)) {
                popular.add(new ScoredItem(s.itemId(), s.score(),
                        r.explain() ? List.of("popular (served from memory while Redis is unavailable)") : null));
            }
            list = popular;
        }
        served.get(Served.REDIS_UNAVAILABLE).increment();
        return new RecommendationResponse(r.userId(), list, MODEL_VERSION, true);
    }
}

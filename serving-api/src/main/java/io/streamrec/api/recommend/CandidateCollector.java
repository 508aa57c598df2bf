package io.streamrec.api.recommend;

import io.streamrec.api.content.ContentIndex;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.index.RowSet;
import io.streamrec.api.trend.TrendingService;
import io.streamrec.core.content.TextSpace;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.rank.Ranker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * Which signals contribute which candidates to a request: the {@code candidates} best items of a flat scan
 * of every recommendable item with the user's query vector, the {@link #TRENDING_CANDIDATES} most popular
 * items overall, the {@link #CATEGORY_CANDIDATES} most popular in each of the user's strongest categories,
 * with co-occurrence, the items bought together with the user's recent ones ({@link Cooccurring}), and with
 * a text profile, the {@link TextSpace#PROFILE_CANDIDATES} items whose texts are closest to it. Each candidate
 * carries its facts for the {@link Ranker}: model score, popularity, factors, co-occurrence, content, and
 * the updates its vector has had (its version, the evidence {@link io.streamrec.core.rank.ItemEvidence} weighs).
 */
final class CandidateCollector {
    static final int TRENDING_CANDIDATES = 100;
    static final int CATEGORY_CANDIDATES = 30;
    static final int STRONGEST_CATEGORIES = 3;
    static final int MAX_RESOLVED_LISTS = 1024;
    /** Items a category contributes when the ranker explores it. */
    static final int EXPLORE_CANDIDATES = 5;

    private final UnifiedJedis redis;
    private final ItemIndex items;
    private final TrendingService trending;
    private final int candidates;
    private final long trendingMaxAgeMillis;
    /** Trending lists resolved to rows, by category ("" = overall). */
    private final ConcurrentHashMap<String, TrendingRows> trendingRows = new ConcurrentHashMap<>();

    CandidateCollector(UnifiedJedis redis, ItemIndex items, TrendingService trending, int candidates,
                       long trendingMaxAgeMillis) {
        this.redis = redis;
        this.items = items;
        this.trending = trending;
        this.candidates = candidates;
        this.trendingMaxAgeMillis = trendingMaxAgeMillis;
    }

    /**
     * The request's candidates, distinct by item id.
     *
     * @param category     the request's category, or null
     * @param cooccurrence whether co-occurring items join (the arm's ranker gives co-occurrence a share)
     * @param text         the user's text profile, or null (no content score, or no recent item with a text)
     * @throws redis.clients.jedis.exceptions.JedisException when a list could not be read
     */
    List<Ranker.Candidate> collect(UserState user, String category, boolean cooccurrence, ContentIndex.Profile text) {
        // the Redis reads first, so that a failure leaves nothing half done
        Map<String, Double> popularity = category == null
                ? trending.popularity(TrendingService.LONG_WINDOW, null, trendingMaxAgeMillis) : Map.of();
        List<String> categories = new ArrayList<>();
        if (category != null) {
            categories.add(category);
        } else {
            Set<String> strongest = new LinkedHashSet<>(user.profile().strongest(false, STRONGEST_CATEGORIES));
            strongest.addAll(user.profile().strongest(true, STRONGEST_CATEGORIES));
            categories.addAll(strongest);
        }
        Map<String, Map<String, Double>> byCategory = new HashMap<>();
        for (String c : categories) {
            byCategory.put(c, trending.popularity(TrendingService.LONG_WINDOW, c, trendingMaxAgeMillis));
        }
        Map<String, Double> cooc = cooccurrence ? Cooccurring.scores(redis, user.recent(), user.exclude()) : Map.of();

        // candidates: the model's best (facts straight from the scan), what is trending, what is trending in
        // the user's categories (facts looked up by the rows the lists were resolved to)
        TrendingRows overall = category == null ? trendingRows("", popularity) : TrendingRows.EMPTY;
        Map<String, TrendingRows> listed = new LinkedHashMap<>();
        byCategory.forEach((c, pop) -> listed.put(c, trendingRows(c, pop)));
        Map<String, Double> described = text == null ? Map.of()
                : text.nearest(TextSpace.PROFILE_CANDIDATES, id -> !user.exclude().contains(id));
        int extraCapacity = TRENDING_CANDIDATES + CATEGORY_CANDIDATES * listed.size()
                + (cooc.isEmpty() ? 0 : CoOccurrence.CANDIDATES) + described.size();
        List<Ranker.Candidate> out = new ArrayList<>(candidates + extraCapacity);
        RowSet taken = new RowSet(candidates + extraCapacity);
        // one admission serves the scan (which adds the request's category) and every list (the overall list
        // is taken only without a category, where the request's filter is the unfiltered one; per-category
        // lists are in their category already)
        ItemIndex.Admission admission = items.admission(new ItemIndex.Filter(user.exclude(), null));
        if (user.query() != null) {
            for (ItemIndex.ItemFacts f : items.topFacts(user.query(), candidates, admission, category)) {
                double trend = overall.trendOfRow(f.row());
                if (Double.isNaN(trend) && f.category() != null && listed.containsKey(f.category())) {
                    trend = listed.get(f.category()).trendOfRow(f.row()); // the same decayed sum as overall
                }
                taken.add(f.row());
                out.add(new Ranker.Candidate(f.itemId(), f.category(), f.score(),
                        Double.isNaN(trend) ? 0.0 : trend, f.factors(), cooc.getOrDefault(f.itemId(), 0.0),
                        content(text, f.itemId()), f.version()));
            }
        }
        TrendingCandidates extras = new TrendingCandidates(extraCapacity, taken);
        extras.take(overall, TRENDING_CANDIDATES, admission::admits, null);
        listed.forEach((c, list) -> extras.take(list, CATEGORY_CANDIDATES, admission::admits, c));
        if (!cooc.isEmpty()) { // the items bought with the user's recent ones; their popularity as trending knows it
            take(extras, TrendingRows.of(cooc, items), CoOccurrence.CANDIDATES, admission, overall);
        }
        if (!described.isEmpty()) { // the items described like the user's recent ones, likewise
            take(extras, TrendingRows.of(described, items), TextSpace.PROFILE_CANDIDATES, admission, overall);
        }
        ItemIndex.ItemFacts[] facts = items.factsAt(extras.ids, extras.rows, extras.n, user.query());
        for (int i = 0; i < extras.n; i++) {
            ItemIndex.ItemFacts f = facts[i];
            String id = extras.ids[i];
            String itemCategory = f != null && f.category() != null ? f.category() : extras.category[i];
            out.add(new Ranker.Candidate(id, itemCategory, f == null ? Double.NaN : f.score(), extras.trend[i],
                    f == null ? null : f.factors(), cooc.getOrDefault(id, 0.0), content(text, id),
                    f == null ? Double.NaN : f.version()));
        }
        return out;
    }

    /** Takes a list that is not a trending list: its items' popularity is what the overall list knows of them. */
    private static void take(TrendingCandidates extras, TrendingRows list, int max, ItemIndex.Admission admission,
                             TrendingRows overall) {
        int from = extras.n;
        extras.take(list, max, admission::admits, null);
        for (int i = from; i < extras.n; i++) {
            double trend = extras.rows[i] >= 0 ? overall.trendOfRow(extras.rows[i]) : Double.NaN;
            extras.trend[i] = Double.isNaN(trend) ? 0.0 : trend;
        }
    }

    private static double content(ContentIndex.Profile text, String itemId) {
        return text == null ? 0 : text.similarity(itemId);
    }

    /**
     * What exploring {@code category} would show: its trending items {@code filter} admits.
     *
     * @throws redis.clients.jedis.exceptions.JedisException when the list could not be read
     */
    List<Ranker.Candidate> explore(String category, ItemIndex.Filter filter) {
        Map<String, Double> pop = trending.popularity(TrendingService.LONG_WINDOW, category, trendingMaxAgeMillis);
        List<Ranker.Candidate> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : pop.entrySet()) {
            if (out.size() == EXPLORE_CANDIDATES) {
                break;
            }
            if (items.admits(e.getKey(), filter)) {
                out.add(new Ranker.Candidate(e.getKey(), category, Double.NaN, e.getValue(), null));
            }
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
}

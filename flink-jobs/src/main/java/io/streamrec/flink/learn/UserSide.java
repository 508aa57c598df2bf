package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.FoldIn;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.MfModel;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The user owner's half of a step, free of Flink. For one event of one user it
 * <ol>
 *   <li>builds the user's query {@code x = u + Σ w_j q_j} from the long-term vector and the context
 *       vectors of the user's latest items ({@link MfModel});</li>
 *   <li>optionally evaluates first (prequential): ranks the user's top-20 with that query and
 *       records whether the event's item is in it;</li>
 *   <li>looks up the event's item and sampled negatives in the item cache (vectors the item side
 *       published; an item not cached yet gets the same id-seeded start the item side gives it);</li>
 *   <li>updates the user vector: fold-in over the items touched for the user's first events, one SGD
 *       step afterwards;</li>
 *   <li>returns the gradient messages for the owners of the target and context items, and the
 *       query for the user's next request (what is published to Redis).</li>
 * </ol>
 */
public final class UserSide {
    public static final int EVAL_K = 20;
    public static final int RECENT_MAX = 50;

    private final MfConfig config;
    private final MfModel model;
    private final EventWeights weights;
    private final NegativeSampler sampler;
    private final ItemMatrix items;
    private final ItemMatrix contexts;
    private final float[] acc = new float[1];
    /** Per category, the latest items seen in events: whose published vectors make its centroid. */
    private final RecentCategoryCentroids categoryItems;
    static final int CENTROID_ITEMS = 64;
    /** Context weights by the number of context items ({@link MfModel#contextWeights}). */
    private final float[][] contextWeights;
    /** Scratch: the context items' vectors and the targets' vectors of one event (copies from the caches). */
    private float[][] contextBuf;
    /** Scratch: the next query's context vectors, taken from {@link #contextBuf} where the items are the same. */
    private float[][] contextNext;
    private float[][] targetBuf = new float[0][];
    /**
     * Scratch: the targets' rows in the item cache as {@link #targetsOf} knew them (the event's item looked
     * up, negatives drawn from the cache by row), {@link NegativeSampler#UNKNOWN_ROW} where it did not.
     */
    private int[] targetRows = new int[0];
    /** Set by {@link #loadTargets}: whether the event's own item was published. */
    private boolean firstTargetPublished;
    private io.streamrec.core.content.TextSpace text;
    private int textNeighbours;
    private float textMinSimilarity;

    /**
     * @param items    cache of the items' target vectors (width d+1)
     * @param contexts cache of the items' context vectors (width d)
     */
    public UserSide(MfConfig config, EventWeights weights, NegativeSampler sampler, ItemMatrix items, ItemMatrix contexts) {
        this.config = config;
        this.model = new MfModel(config);
        this.weights = weights;
        this.sampler = sampler;
        this.items = items;
        this.contexts = contexts;
        this.categoryItems = new RecentCategoryCentroids(items, CENTROID_ITEMS);
        this.contextWeights = new float[config.contextLength() + 1][];
        for (int m = 0; m <= config.contextLength(); m++) {
            contextWeights[m] = model.contextWeights(m);
        }
        this.contextBuf = new float[config.contextLength()][config.dim()];
        this.contextNext = new float[config.contextLength()][config.dim()];
    }

    /**
     * Starts new items from their text ({@link io.streamrec.core.content.TextSpace#start}: the
     * similarity-weighted mean of the published vectors of the {@code neighbours} nearest items in text
     * space, at least {@code minSimilarity} similar) before their category's centroid; {@code text} is
     * read on this side's thread only.
     */
    public UserSide withTextStarts(io.streamrec.core.content.TextSpace text, int neighbours, float minSimilarity) {
        this.text = text;
        this.textNeighbours = neighbours;
        this.textMinSimilarity = minSimilarity;
        return this;
    }

    /** What one event did. {@code hit} is null when the event was not evaluated. */
    public record Outcome(boolean applied, double loss, int cacheHits, int cacheMisses, Boolean hit,
                          List<ItemGradient> gradients, float[] query) {}

    public UserState newState() {
        UserState s = new UserState();
        s.vec = model.newUser();
        s.acc = 1;
        return s;
    }

    /** Whether the event can be evaluated: a known user and an item it has not touched recently. */
    public static boolean evaluable(UserState s, Event e) {
        return s.version > 0 && !Arrays.asList(s.recent).contains(e.itemId);
    }

    /** Top-K items for a query, excluding {@code exclude}; item ids best first. */
    public List<String> topK(float[] query, int k, Set<String> exclude) {
        TopK heap = new TopK(k);
        items.topK(query, heap, row -> exclude.contains(items.idAt(row)));
        List<String> out = new ArrayList<>(k);
        for (int row : heap.rowsDescending()) {
            out.add(items.idAt(row));
        }
        return out;
    }

    /** The context items of a state (its latest items, oldest first), leaving out {@code except}. */
    List<String> contextItems(UserState s, String except) {
        List<String> ctx = new ArrayList<>(config.contextLength());
        for (int i = s.recent.length - 1; i >= 0 && ctx.size() < config.contextLength(); i--) {
            if (!s.recent[i].equals(except)) {
                ctx.add(0, s.recent[i]);
            }
        }
        return ctx;
    }

    /** The query of a user: long-term vector plus the context of its latest items. */
    public float[] query(UserState s) {
        List<String> ctx = contextItems(s, null);
        loadContext(ctx);
        return queryOf(s, ctx.size());
    }

    /** Copies the context items' vectors into the scratch rows (an id-seeded start where unpublished); returns how many were published. */
    private int loadContext(List<String> ctx) {
        int published = 0;
        for (int j = 0; j < ctx.size(); j++) {
            if (loadContextRow(ctx.get(j), contextBuf[j])) {
                published++;
            }
        }
        return published;
    }

    /** Copies an item's context vector into {@code dst}, its id-seeded start where unpublished; whether it was published. */
    private boolean loadContextRow(String id, float[] dst) {
        int row = contexts.rowOf(id);
        if (row >= 0) {
            contexts.copyRow(row, dst);
            return true;
        }
        System.arraycopy(FactorInit.context(id, config), 0, dst, 0, config.dim());
        return false;
    }

    /** The query from the user vector and the first {@code m} scratch context rows ({@link #loadContext}). */
    private float[] queryOf(UserState s, int m) {
        float[] x = new float[config.width()];
        model.query(s.vec, contextBuf, contextWeights[m], m, x);
        return x;
    }

    /** The event's item first, then its negatives (none for an explicit negative), their rows in {@link #targetRows}. */
    private List<String> targetsOf(Event e, float w, SplittableRandom rnd, List<String> sharedNegatives) {
        int n = 1 + config.negatives();
        List<String> ids = new ArrayList<>(n);
        if (targetRows.length < n) {
            targetRows = new int[n];
        }
        ids.add(e.itemId);
        targetRows[0] = items.rowOf(e.itemId);
        if (w > 0 && config.negatives() > 0) {
            if (sharedNegatives != null) {
                NegativeSampler.pick(rnd, sharedNegatives, e.itemId, config.negatives(), ids);
                Arrays.fill(targetRows, 1, ids.size(), NegativeSampler.UNKNOWN_ROW);
            } else {
                sampler.sample(rnd, e.itemId, targetRows[0], config.negatives(), ids, targetRows);
            }
        }
        return ids;
    }

    /**
     * Copies the targets' vectors into the scratch rows (an id-seeded start where unpublished); returns
     * how many were published, and sets {@link #firstTargetPublished}.
     */
    private int loadTargets(List<String> ids) {
        int n = ids.size();
        if (targetBuf.length < n) {
            targetBuf = new float[n][config.width()];
        }
        int published = 0;
        firstTargetPublished = false;
        for (int k = 0; k < n; k++) {
            int row = targetRows[k] != NegativeSampler.UNKNOWN_ROW ? targetRows[k] : items.rowOf(ids.get(k));
            if (row >= 0) {
                items.copyRow(row, targetBuf[k]);
                published++;
                firstTargetPublished |= k == 0;
            } else {
                System.arraycopy(FactorInit.item(ids.get(k), config), 0, targetBuf[k], 0, config.width());
            }
        }
        return published;
    }

    public Outcome apply(UserState s, Event e, boolean evaluate, SplittableRandom rnd) {
        return apply(s, e, evaluate, rnd, null);
    }

    /**
     * One event. {@code sharedNegatives}: the bundle's shared negative sample the event picks its
     * negatives from ({@link GradientBundle#negatives}); null draws fresh ones from the sampler.
     */
    public Outcome apply(UserState s, Event e, boolean evaluate, SplittableRandom rnd, List<String> sharedNegatives) {
        float w = (float) weights.weight(e);
        List<String> ctx = contextItems(s, e.itemId);
        int hits = loadContext(ctx);
        float[] x = queryOf(s, ctx.size());
        Boolean hit = null;
        if (evaluate && w > 0 && evaluable(s, e)) {
            hit = topK(x, EVAL_K, new HashSet<>(Arrays.asList(s.recent))).contains(e.itemId);
        }
        if (w == 0 || !Float.isFinite(w)) {
            return new Outcome(false, 0, 0, 0, hit, List.of(), null);
        }
        List<String> ids = targetsOf(e, w, rnd, sharedNegatives);
        int n = ids.size();
        hits += loadTargets(ids);
        int misses = n + ctx.size() - hits;
        if (w > 0) {
            sampler.add(e.itemId);
        }

        // an item this instance has not seen published yet: suggest its category's centroid over the
        // published catalogue as its start (the owner of a new item sees only its own share of the
        // catalogue). This side keeps scoring it from the id-seeded start: measured better.
        float[] init = firstTargetPublished ? null : start(e);
        if (e.category != null) {
            categoryItems.remember(e.category, e.itemId);
        }

        float[] coef = new float[n];
        float[] gx = new float[config.dim()];
        double loss;
        if (w > 0 && s.version < config.foldInEvents()) {
            remember(s, e.itemId, w);
            float[] folded = foldIn(s);
            if (folded == null) {
                return new Outcome(false, Double.NaN, hits, misses, hit, List.of(), null);
            }
            s.vec = folded;
            loadContext(ctx);
            x = queryOf(s, ctx.size());
            float[] scratchAcc = {s.acc};
            loss = model.userStep(folded.clone(), scratchAcc, x, targetBuf, n, w, coef, gx);
        } else {
            acc[0] = s.acc;
            loss = model.userStep(s.vec, acc, x, targetBuf, n, w, coef, gx);
            if (Double.isNaN(loss)) {
                return new Outcome(false, Double.NaN, hits, misses, hit, List.of(), null);
            }
            s.acc = acc[0];
            if (w > 0) {
                remember(s, e.itemId, w);
            }
        }
        s.version++;
        List<ItemGradient> out = messages(e, ids, coef, x, init, ctx, gx);
        return new Outcome(true, loss, hits, misses, hit, out, nextQuery(s, ctx));
    }

    /**
     * {@link #query} after a step whose context items {@code loaded} are still in the scratch rows: the
     * next context is mostly the same items (the event's item joins, the oldest leaves), so only the
     * others are looked up in the cache. The same query as {@link #query}: the cache does not change
     * during a step.
     */
    private float[] nextQuery(UserState s, List<String> loaded) {
        List<String> next = contextItems(s, null);
        for (int j = 0; j < next.size(); j++) {
            String id = next.get(j);
            int k = loaded.indexOf(id);
            if (k >= 0) {
                System.arraycopy(contextBuf[k], 0, contextNext[j], 0, config.dim());
            } else {
                loadContextRow(id, contextNext[j]);
            }
        }
        float[][] t = contextBuf;
        contextBuf = contextNext;
        contextNext = t;
        return queryOf(s, next.size());
    }

    /**
     * The gradient messages of one step: per target with a coefficient, {@code coef·x} (the event's own
     * item with its category and suggested start); per context item, its weight times {@code gx}.
     */
    private List<ItemGradient> messages(Event e, List<String> ids, float[] coef, float[] x, float[] init, List<String> ctx,
                                        float[] gx) {
        List<ItemGradient> out = new ArrayList<>(ids.size() + ctx.size());
        for (int k = 0; k < ids.size(); k++) {
            if (coef[k] != 0 && Float.isFinite(coef[k])) {
                ItemGradient g = new ItemGradient(ids.get(k), k == 0 ? e.category : null, coef[k], x, e.ts);
                if (k == 0) {
                    g.init = init;
                }
                out.add(g);
            }
        }
        float[] cw = contextWeights[ctx.size()];
        for (int j = 0; j < ctx.size(); j++) {
            out.add(new ItemGradient(ctx.get(j), null, cw[j], gx, e.ts, true));
        }
        return out;
    }

    /** A new item's suggested start: from its text when it has one and a neighbour qualifies, else its category's. */
    private float[] start(Event e) {
        float[] t = text == null || textNeighbours <= 0 ? null
                : text.start(e.itemId, textNeighbours, textMinSimilarity, items);
        return t != null ? t : categoryItems.centroid(e.category);
    }

    private float[] lookup(String itemId) {
        float[] v = new float[config.width()];
        return items.copyInto(itemId, v) ? v : null;
    }

    private float[] foldIn(UserState s) {
        int n = s.recent.length;
        float[][] vs = new float[n][];
        for (int k = 0; k < n; k++) {
            float[] v = lookup(s.recent[k]);
            vs[k] = v != null ? v : FactorInit.item(s.recent[k], config);
        }
        return FoldIn.solve(vs, s.recentWeights, n, config.dim(), config.l2());
    }

    /**
     * Adds or refreshes an item in the recent list (newest last, bounded): in place when the list keeps
     * its length (the item was in it, or the oldest leaves), in new arrays while it grows.
     */
    public static void remember(UserState s, String itemId, float w) {
        String[] old = s.recent;
        float[] oldW = s.recentWeights;
        int n = old.length;
        int i = -1;
        // hash codes first (a string keeps its own): a differing id of the same length is told apart without
        // reading its characters, another cache miss per recent item
        int h = itemId.hashCode();
        for (int k = 0; k < n; k++) {
            if (old[k].hashCode() == h && old[k].equals(itemId)) {
                i = k;
                break;
            }
        }
        // the list keeps its length when the item was in it (it moves to the end, from i) or when it is full
        // and the oldest leaves (from 0); otherwise it grows, or is longer than the bound, into new arrays
        boolean sameLength = i >= 0 ? n <= RECENT_MAX : n == RECENT_MAX;
        if (!sameLength) {
            rebuild(s, old, oldW, i, itemId, w);
            return;
        }
        int from = i >= 0 ? i : 0;
        float weight = i >= 0 ? w + oldW[i] : w;
        System.arraycopy(old, from + 1, old, from, n - 1 - from);
        System.arraycopy(oldW, from + 1, oldW, from, n - 1 - from);
        old[n - 1] = itemId;
        oldW[n - 1] = weight;
    }

    /** {@link #remember} into new arrays (the list grows, or it is longer than the bound). */
    private static void rebuild(UserState s, String[] old, float[] oldW, int i, String itemId, float w) {
        float weight = i >= 0 ? w + oldW[i] : w;
        int kept = old.length - (i >= 0 ? 1 : 0); // the others, oldest first
        int drop = Math.max(0, kept + 1 - RECENT_MAX); // oldest ones over the bound
        int n = kept - drop + 1;
        String[] items = new String[n];
        float[] ws = new float[n];
        int o = 0;
        int skipped = 0;
        for (int k = 0; k < old.length; k++) {
            if (k == i) {
                continue;
            }
            if (skipped < drop) {
                skipped++;
                continue;
            }
            items[o] = old[k];
            ws[o++] = oldW[k];
        }
        items[o] = itemId;
        ws[o] = weight;
        s.recent = items;
        s.recentWeights = ws;
    }
}

package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.RepurchaseCodec;
import io.streamrec.flink.cooc.CooccurrenceUpdate;
import io.streamrec.flink.cooc.PairBundle;
import io.streamrec.flink.interest.RecentItems;
import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.interest.UserRepurchase;
import io.streamrec.flink.wire.CooccurrenceUpdateSerializer;
import java.time.Duration;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.streaming.api.TimeDomain;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.flink.state.PackedListState;
import io.streamrec.flink.state.WriteBehind;
import io.streamrec.flink.state.WriteBehindState;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Lock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by user: everything the job keeps of a user, in one keyed value ({@link UserProfile}, RocksDB
 * behind a heap cache), and what each event changes in it, in one operator so a user costs one state
 * access and one write-back instead of one per concern:
 * <ul>
 * <li>the factor vector ({@link UserSide}): evaluates a sample of events first (prequential recall@20;
 * at most {@code model.mf.eval-max-per-second} a second, {@link EvaluationBudget}), updates the user
 * vector with the latest published item vectors and emits the user's new query (long-term vector plus the
 * context of its latest items: what serving scores with) on the main output, and on {@link #ITEM_GRADIENTS}
 * the item owners' gradient messages, summed per item over a bundle of events ({@link GradientBundle}): a
 * bundle closes after {@code bundleEvents} events, {@code bundleMs} of processing time after its first
 * event (a processing-time timer), and at the end of a bounded input ({@link UserLearnerOperator}). An open
 * bundle is operator state: a checkpoint stores it with the user vectors its events already changed, so its
 * messages are neither lost nor sent twice, and the bundles close after the same events whether or not the
 * job was restored in between;</li>
 * <li>recent items, bought items and category interests ({@link RecentItems}): the user's lists on
 * {@link #RECENT_ITEMS} after every event, and the re-purchase cycles on {@link #BUY_AGAIN} when a purchase
 * or a cancellation changed them;</li>
 * <li>the open basket of co-occurrence ({@link CoOccurrence#add}): for each purchase (or, with
 * {@code model.cooc.events} positive, each positive event) of an item new to the basket, the counts it
 * implies (one for the item, one each way with each of its partners), bundled per item over
 * {@code bundleEvents} events ({@link PairBundle}) and sent on {@link #PAIR_COUNTS}; the operator also
 * closes that bundle every {@code bundleMs}, before every checkpoint barrier and at the end of input, so it
 * is never state. A basket is dropped by an event-time timer once its gap has passed (one timer per basket,
 * set again for its new end when it fires early).</li>
 * </ul>
 * A {@code forget_user} tombstone clears the user's value and emits the deletion of their keys on the
 * main output, {@link #RECENT_ITEMS} and {@link #BUY_AGAIN}. With a time to live the whole value is dropped
 * after that long without an event (processing time, as the user's Redis keys expire).
 *
 * <p>Item vectors come from a bounded cache ({@link ItemMatrix}) loaded from Redis at start and kept
 * fresh from the change feed every {@code itemFeedPollMs} by a background thread, one per task-manager
 * process for all the instances in it ({@link SharedItemVectors}). The negative sampler's
 * buffer is operator state, checkpointed with the job.
 *
 * <p>Metrics (Flink dashboard, per subtask): {@code eventsPerSecond}, {@code meanLoss},
 * {@code droppedUpdates}, {@code prequentialRecallAt20}, {@code prequentialEvaluated},
 * {@code itemCacheHitRate}, {@code itemCacheSize}, {@code stateAccesses} (keyed-state reads and
 * writes), {@code gradientMessages} (bundled messages sent to the item learner),
 * {@code gradientContributions} (the per-event messages summed into them), {@code cooccurrenceCounts}
 * (counts made), {@code cooccurrenceMessages} (their messages), and per task-manager process (every
 * instance in it shows the same figures) {@code itemFeedFailures} (failed reads of the change feed),
 * {@code itemFeedMillisSinceRead} and {@code textVectorLoadFailures} (failed reads of the items' text
 * vectors, which new items start from).
 */
public class UserLearnerFunction extends KeyedProcessFunction<String, Event, VectorUpdate>
        implements CheckpointedFunction, WriteBehind {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<BundledGradient> ITEM_GRADIENTS = new OutputTag<>("item-gradients",
            io.streamrec.flink.wire.BundledGradientSerializer.TYPE);
    /** A user's lists after each event, for {@code sr:{u:<id>}:lists}. */
    public static final OutputTag<UserRecentItems> RECENT_ITEMS = new OutputTag<>("recent-items",
            TypeInformation.of(UserRecentItems.class));
    /** A user's re-purchase cycles after each change, for {@code sr:{u:<id>}:rebuy}. */
    public static final OutputTag<UserRepurchase> BUY_AGAIN = new OutputTag<>("buy-again",
            TypeInformation.of(UserRepurchase.class));
    /** The co-occurrence counts of the users' baskets, one message per item and bundle. */
    public static final OutputTag<CooccurrenceUpdate> PAIR_COUNTS = new OutputTag<>("pair-counts",
            CooccurrenceUpdateSerializer.TYPE);
    /** The keyed value state of a user ({@link UserProfile}); a savepoint's warm start writes it too. */
    public static final String PROFILE_STATE = "profile";
    /** Its name before the per-user operators were one: the learner's part alone ({@link UserState}). */
    public static final String LEGACY_USER_STATE = "user";
    private static final EventWeights WEIGHTS = EventWeights.defaults();
    /**
     * Operator state that marks this layout: a user's whole state one keyed value ({@value #PROFILE_STATE}).
     * Every snapshot of this layout has it (the job's, a warm start's, a migration's); a restored user learner
     * without it is from before (three per-user operators) and must be migrated first
     * ({@code io.streamrec.flink.upgrade.UserStateMigration}).
     */
    public static final String LAYOUT = "user-layout";
    public static final int LAYOUT_VERSION = 2;

    /**
     * The operator state of the mark ({@value #LAYOUT}): a snapshot writes {@link #LAYOUT_VERSION} into it. Union
     * state, so that every instance of a restored job finds it, also one that a split state's elements would miss.
     */
    public static ListState<Integer> layoutState(org.apache.flink.api.common.state.OperatorStateStore store)
            throws Exception {
        return store.getUnionListState(new ListStateDescriptor<>(LAYOUT, Types.INT));
    }

    private final LearnerSettings settings;
    private final RecentItems recentItems;
    private final long ttlSeconds;
    private final CoOccurrence cooccurrence;

    private transient WriteBehindState<UserProfile> state;
    private transient ListState<Integer> layoutState;
    private transient PairBundle pairs;
    private transient Counter pairCounts;
    private transient Counter pairMessages;
    private transient PackedListState<String> samplerState;
    private transient PackedListState<String> samplerOrderState;
    private transient PackedListState<BundledGradient> bundleState;
    private transient PackedListState<String> bundleNegativesState;
    private transient PackedListState<Long> bundleCountersState;
    private transient GradientBundle bundle;
    private transient boolean timerPending;
    private transient Counter stateAccesses;
    private transient Counter messages;
    private transient Counter contributions;
    private transient NegativeSampler sampler;
    private transient ItemMatrix items;
    private transient ItemMatrix contexts;
    /** The item vectors this process's user-learner instances share (null without the change feed: tests). */
    private transient SharedItemVectors shared;
    /** The items' text vectors they share (null without the change feed or without text starts). */
    private transient SharedTextVectors texts;
    /** The text vectors {@link #side} starts new items from: {@link #texts}'s latest when it swapped a new one in. */
    private transient io.streamrec.core.content.TextSpace textsApplied;
    private transient UserSide side;
    private transient Counter applied;
    private transient Counter dropped;
    private transient Counter evaluated;
    private transient Counter hits;
    private transient EvaluationBudget evaluations;
    private transient long cacheHits;
    private transient long cacheMisses;
    private transient double meanLoss;

    /**
     * @param recentItems  the recent-items model
     * @param ttlSeconds   a user's whole value is dropped after this long without an event (processing
     *                     time, as the user's Redis keys expire); 0 = kept forever
     * @param cooccurrence the baskets' model
     */
    public UserLearnerFunction(LearnerSettings settings, RecentItems recentItems, long ttlSeconds,
                               CoOccurrence cooccurrence) {
        this.settings = settings;
        this.recentItems = recentItems;
        this.ttlSeconds = ttlSeconds;
        this.cooccurrence = cooccurrence;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        sampler = new NegativeSampler(settings.samplerSize(), settings.negativePopularityShare());
        // each list packed into one element per instance (PackedListState): after a rescale the sampler's
        // buffer and the open bundles land whole on one instance each, the others fill theirs from events
        var store = context.getOperatorStateStore();
        boolean restored = context.isRestored();
        if (restored) {
            checkLayout(store.getRegisteredStateNames());
        }
        layoutState = layoutState(store);
        samplerState = PackedListState.split(store, "negative-sampler.packed", Types.STRING, "negative-sampler", restored);
        samplerOrderState = PackedListState.split(store, "negative-sampler-order.packed", Types.STRING,
                "negative-sampler-order", restored);
        bundle = new GradientBundle(settings.bundleEvents(), settings.bundleNegatives());
        bundleState = PackedListState.split(store, "gradient-bundle.packed", TypeInformation.of(BundledGradient.class),
                "gradient-bundle", restored);
        bundleNegativesState = PackedListState.split(store, "gradient-bundle-negatives.packed", Types.STRING,
                "gradient-bundle-negatives", restored);
        bundleCountersState = PackedListState.split(store, "gradient-bundle-counters.packed", Types.LONG,
                "gradient-bundle-counters", restored);
        if (restored) {
            List<String> buffer = samplerState.get();
            List<String> order = samplerOrderState.get();
            sampler.restore(buffer.toArray(new String[0]), order.toArray(new String[0]));
            long events = 0;
            long seq = 0;
            List<Long> counters = bundleCountersState.get();
            for (int i = 0; i + 1 < counters.size(); i += 2) {
                events = Math.max(events, counters.get(i));
                seq = Math.max(seq, counters.get(i + 1));
            }
            bundle.restore(bundleState.get(), bundleNegativesState.get(), events, seq);
        }
    }

    /**
     * Refuses the operator state of a user learner from before its users' state was one value: restored as
     * it is, the users' vectors, recent items and baskets would start over without a word.
     */
    static void checkLayout(java.util.Set<String> restoredOperatorState) {
        if (!restoredOperatorState.contains(LAYOUT)) {
            throw new IllegalStateException("this savepoint or checkpoint is from a job that kept a user's state in three"
                    + " operators (user-learner, recent-items, basket-pairs), or a warm start of that job: migrate it first with"
                    + " ./recsys migrate-savepoint --from <it> --to <new dir> (docs/operations.md, 'Upgrade with a savepoint')");
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        layoutState.update(List.of(LAYOUT_VERSION));
        samplerState.update(Arrays.asList(sampler.snapshot()));
        samplerOrderState.update(Arrays.asList(sampler.distinctSnapshot()));
        bundleState.update(bundle.pendingSnapshot());
        bundleNegativesState.update(bundle.poolSnapshot());
        long[] counters = bundle.countersSnapshot();
        bundleCountersState.update(List.of(counters[0], counters[1]));
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<UserProfile> descriptor = profileDescriptor(ttlSeconds);
        ValueState<UserProfile> backend = getRuntimeContext().getState(descriptor);
        if (settings.itemFeedPollMs() > 0) {
            shared = SharedItemVectors.acquire(settings);
            items = shared.items();
            contexts = shared.contexts();
        } else {
            items = new ItemMatrix(settings.model().width(), settings.itemCacheMax());
            contexts = new ItemMatrix(settings.model().dim(), settings.itemCacheMax());
        }
        sampler.withCatalogue(items);
        side = new UserSide(settings.model(), settings.weights(), sampler, items, contexts);
        var g = getRuntimeContext().getMetricGroup();
        applied = g.counter("eventsLearned");
        g.meter("eventsPerSecond", new MeterView(applied));
        dropped = g.counter("droppedUpdates");
        evaluated = g.counter("prequentialEvaluated");
        evaluations = new EvaluationBudget(settings.evalMaxPerSecond());
        hits = g.counter("prequentialHits");
        if (shared != null) {
            SharedItemVectors vectors = shared;
            g.gauge("itemFeedFailures", vectors::feedFailures);
            g.gauge("itemFeedMillisSinceRead", vectors::millisSinceFeedRead);
            TextStartSettings t = settings.text();
            if (t != null && t.enabled()) {
                SharedTextVectors text = SharedTextVectors.acquire(settings.redis(), t);
                texts = text;
                g.gauge("textVectorLoadFailures", text::failures);
            }
        }
        applyTexts();
        stateAccesses = g.counter("stateAccesses");
        state = new WriteBehindState<>(backend, descriptor.getSerializer(), settings.stateCache(), settings.stateCacheWaiting(),
                stateAccesses);
        g.gauge("stateCacheSize", () -> state.cached());
        messages = g.counter("gradientMessages");
        contributions = g.counter("gradientContributions");
        pairs = new PairBundle();
        pairCounts = g.counter("cooccurrenceCounts");
        pairMessages = g.counter("cooccurrenceMessages");
        g.gauge("prequentialRecallAt20", () -> evaluated.getCount() == 0 ? 0.0 : (double) hits.getCount() / evaluated.getCount());
        g.gauge("meanLoss", () -> meanLoss);
        g.gauge("itemCacheHitRate", () -> cacheHits + cacheMisses == 0 ? 0.0 : (double) cacheHits / (cacheHits + cacheMisses));
        g.gauge("itemCacheSize", () -> items.size());
    }

    /**
     * The descriptor of a user's value (a Flink POJO) with, for {@code ttlSeconds} positive, its time to live:
     * the job, the warm start and the migration declare it alike, so their state serializers match.
     */
    public static ValueStateDescriptor<UserProfile> profileDescriptor(long ttlSeconds) {
        ValueStateDescriptor<UserProfile> d = new ValueStateDescriptor<>(PROFILE_STATE, UserProfile.class);
        if (ttlSeconds > 0) {
            d.enableTimeToLive(ttl(ttlSeconds).build());
        }
        return d;
    }

    /** The time to live of a user's value (and of the recent items' state before it was part of it). */
    public static StateTtlConfig.Builder ttl(long seconds) {
        return StateTtlConfig.newBuilder(Duration.ofSeconds(seconds))
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupInRocksdbCompactFilter(1000);
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<VectorUpdate> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            state.clear(e.userId);
            out.collect(VectorUpdate.forgotten(e.userId, e.ts));
            ctx.output(RECENT_ITEMS, UserRecentItems.forgotten(e.userId));
            ctx.output(BUY_AGAIN, UserRepurchase.forgotten(e.userId));
            return;
        }
        applyTexts();
        UserProfile p = state.value(e.userId);
        if (p == null) {
            p = new UserProfile(side.newState(), new RecentItemsState(), null);
        } else if (p.learner == null || p.recent == null) { // a migrated user that one of the old operators had not kept
            p.learner = p.learner == null ? side.newState() : p.learner;
            p.recent = p.recent == null ? new RecentItemsState() : p.recent;
        }
        applyRecent(p.recent, e, ctx);
        applyBasket(p, e, ctx);
        applyLearner(p.learner, e, ctx, out);
        state.update(e.userId, p);
    }

    private void applyRecent(RecentItemsState r, Event e, Context ctx) {
        if (recentItems.apply(r, e)) {
            ctx.output(BUY_AGAIN, new UserRepurchase(e.userId, r.rebuy.version,
                    RepurchaseCodec.encode(r.rebuy, System.currentTimeMillis())));
        }
        ctx.output(RECENT_ITEMS, new UserRecentItems(e.userId, r.version, recentItems.encoded(r)));
    }

    private void applyBasket(UserProfile p, Event e, Context ctx) {
        if (!cooccurrence.counts(e, WEIGHTS.weight(e))) {
            return;
        }
        if (p.basket == null) {
            p.basket = new CoOccurrence.Basket();
            ctx.timerService().registerEventTimeTimer(closesAt(e.ts)); // moved on when it fires before the end
        }
        String[] partners = cooccurrence.add(p.basket, e.itemId, e.ts, cooccurrence.partnersFor(e));
        if (partners != null) {
            pairs.add(e.itemId, null, e.ts);
            for (String other : partners) {
                pairs.add(e.itemId, other, e.ts);
                pairs.add(other, e.itemId, e.ts);
            }
        }
        pairs.eventAdded();
        if (pairs.events() >= Math.max(1, settings.bundleEvents())) {
            flushPairs(u -> ctx.output(PAIR_COUNTS, u));
        }
    }

    private void applyLearner(UserState s, Event e, Context ctx, Collector<VectorUpdate> out) {
        SplittableRandom rnd = new SplittableRandom(FactorInit.hash(e.userId) ^ (s.version * 0x9E3779B97F4A7C15L) ^ e.ts);
        UserSide.Outcome o = apply(s, e, rnd, evaluations.available(ctx.timerService().currentProcessingTime()) && sampled(e));
        cacheHits += o.cacheHits();
        cacheMisses += o.cacheMisses();
        if (o.hit() != null) {
            evaluations.spend();
            evaluated.inc();
            if (o.hit()) {
                hits.inc();
            }
        }
        if (!o.applied()) {
            if (Double.isNaN(o.loss())) {
                dropped.inc();
            }
            return;
        }
        applied.inc();
        meanLoss = applied.getCount() == 1 ? o.loss() : 0.99 * meanLoss + 0.01 * o.loss();
        // what serving scores with: the long-term vector plus the context of the latest items
        out.collect(new VectorUpdate(e.userId, s.version, o.query(), e.ts));
        bundle.add(o.gradients());
        contributions.inc(o.gradients().size());
        if (bundle.full()) {
            flush(g -> ctx.output(ITEM_GRADIENTS, g));
        } else if (settings.bundleMs() > 0 && !timerPending) {
            timerPending = true;
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + settings.bundleMs());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VectorUpdate> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) { // the gradient bundle's
            timerPending = false;
            flush(g -> ctx.output(ITEM_GRADIENTS, g));
            return;
        }
        String user = ctx.getCurrentKey(); // a basket's end
        UserProfile p = state.value(user);
        if (p == null || p.basket == null) {
            return;
        }
        if (closesAt(p.basket.lastTs) <= timestamp) {
            p.basket = null;
            state.update(user, p);
        } else {
            ctx.timerService().registerEventTimeTimer(closesAt(p.basket.lastTs)); // the basket grew since: its new end
        }
    }

    private long closesAt(long lastTs) {
        return lastTs + cooccurrence.settings().basketGapMillis() + 1;
    }

    /** How long a bundle stays open at most, milliseconds of processing time (0: until it is full). */
    long bundleMs() {
        return settings.bundleMs();
    }

    /** Sends the open bundle of co-occurrence counts, one message per item, and starts a new bundle. */
    public void flushPairs(java.util.function.Consumer<CooccurrenceUpdate> output) {
        if (pairs.isEmpty()) {
            return;
        }
        pairCounts.inc(pairs.counts());
        List<CooccurrenceUpdate> updates = pairs.drain();
        pairMessages.inc(updates.size());
        updates.forEach(output);
    }

    /**
     * The step, with the shared item matrices unchanged meanwhile: under their read lock, which is held
     * for the computation alone (never while emitting, which may wait for the network).
     */
    private UserSide.Outcome apply(UserState s, Event e, SplittableRandom rnd, boolean evaluate) {
        if (shared == null) {
            return side.apply(s, e, evaluate, rnd, bundle.negatives(sampler));
        }
        Lock reading = shared.readLock();
        reading.lock();
        try {
            return side.apply(s, e, evaluate, rnd, bundle.negatives(sampler));
        } finally {
            reading.unlock();
        }
    }

    /** Closes the open bundle: one message per item to the item learner. */
    void flush(java.util.function.Consumer<BundledGradient> output) {
        if (bundle.isEmpty()) {
            return;
        }
        List<BundledGradient> messagesOut = bundle.drain();
        for (BundledGradient g : messagesOut) {
            output.accept(g);
        }
        messages.inc(messagesOut.size());
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    /** Deterministic sample of events to evaluate, by a hash of the event. */
    boolean sampled(Event e) {
        if (settings.evalSample() <= 0) {
            return false;
        }
        long h = FactorInit.hash(e.userId + '\u0000' + e.itemId + '\u0000' + e.ts);
        return Math.floorMod(h, 1_000_000L) < settings.evalSample() * 1_000_000L;
    }

    /** New items start from the latest text vectors read ({@link SharedTextVectors}: a field read per event). */
    private void applyTexts() {
        io.streamrec.core.content.TextSpace latest = texts == null ? null : texts.current();
        if (latest != null && latest != textsApplied) {
            TextStartSettings t = settings.text();
            side.withTextStarts(latest, t.neighbours(), t.minSimilarity());
            textsApplied = latest;
        }
    }

    @Override
    public void close() throws Exception {
        if (shared != null) {
            shared.release();
            shared = null;
        }
        if (texts != null) {
            texts.release();
            texts = null;
        }
        super.close();
    }
}

package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.FactorInit;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.flink.sink.SharedRedisClients;
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
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Keyed by user: owns the user vectors (keyed state, RocksDB). For each event it runs
 * {@link UserSide}: evaluates a sample of events first (prequential recall@20; at most
 * {@code model.mf.eval-max-per-second} a second, {@link EvaluationBudget}), updates the user
 * vector with the latest published item vectors, emits the user's new query (long-term vector plus
 * the context of its latest items: what serving scores with) and, on the {@link #ITEM_GRADIENTS}
 * side output, the item owners' gradient messages, summed per item over a bundle of events
 * ({@link GradientBundle}): a bundle closes after {@code bundleEvents} events, {@code bundleMs} of
 * processing time after its first event (a processing-time timer), and at the end of a bounded
 * input ({@link UserLearnerOperator}). An open bundle is operator state: a checkpoint stores it with the
 * user vectors its events already changed, so its messages are neither lost nor sent twice, and the
 * bundles close after the same events whether or not the job was restored in between.
 *
 * <p>Item vectors come from a bounded cache ({@link ItemMatrix}) loaded from Redis at start and kept
 * fresh from the change feed every {@code itemFeedPollMs}, one per task-manager process for all the
 * instances in it ({@link SharedItemVectors}). The negative sampler's
 * buffer is operator state, checkpointed with the job.
 *
 * <p>Metrics (Flink dashboard, per subtask): {@code eventsPerSecond}, {@code meanLoss},
 * {@code droppedUpdates}, {@code prequentialRecallAt20}, {@code prequentialEvaluated},
 * {@code itemCacheHitRate}, {@code itemCacheSize}, {@code stateAccesses} (keyed-state reads and
 * writes), {@code gradientMessages} (bundled messages sent to the item learner),
 * {@code gradientContributions} (the per-event messages summed into them).
 */
public class UserLearnerFunction extends KeyedProcessFunction<String, Event, VectorUpdate>
        implements CheckpointedFunction, WriteBehind {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<BundledGradient> ITEM_GRADIENTS = new OutputTag<>("item-gradients",
            io.streamrec.flink.wire.BundledGradientSerializer.TYPE);
    /** The keyed value state of a user ({@link UserState}); a savepoint's warm start writes it too. */
    public static final String USER_STATE = "user";

    private final LearnerSettings settings;

    private transient WriteBehindState<UserState> state;
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
    private transient long lastTextLoad;
    /** The item vectors this process's user-learner instances share (null without the change feed: tests). */
    private transient SharedItemVectors shared;
    private transient UnifiedJedis redis;
    private transient UserSide side;
    private transient Counter applied;
    private transient Counter dropped;
    private transient Counter evaluated;
    private transient Counter hits;
    private transient EvaluationBudget evaluations;
    private transient Counter feedErrors;
    private transient long cacheHits;
    private transient long cacheMisses;
    private transient double meanLoss;

    public UserLearnerFunction(LearnerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        sampler = new NegativeSampler(settings.samplerSize(), settings.negativePopularityShare());
        // each list packed into one element per instance (PackedListState): after a rescale the sampler's
        // buffer and the open bundles land whole on one instance each, the others fill theirs from events
        var store = context.getOperatorStateStore();
        boolean restored = context.isRestored();
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

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        samplerState.update(Arrays.asList(sampler.snapshot()));
        samplerOrderState.update(Arrays.asList(sampler.distinctSnapshot()));
        bundleState.update(bundle.pendingSnapshot());
        bundleNegativesState.update(bundle.poolSnapshot());
        long[] counters = bundle.countersSnapshot();
        bundleCountersState.update(List.of(counters[0], counters[1]));
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<UserState> descriptor = new ValueStateDescriptor<>(USER_STATE, UserState.class);
        ValueState<UserState> backend = getRuntimeContext().getState(descriptor);
        if (settings.itemFeedPollMs() > 0) {
            redis = SharedRedisClients.acquire(settings.redis());
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
        feedErrors = g.counter("itemFeedErrors");
        loadTexts(System.currentTimeMillis());
        stateAccesses = g.counter("stateAccesses");
        state = new WriteBehindState<>(backend, descriptor.getSerializer(), settings.stateCache(), settings.stateCacheWaiting(),
                stateAccesses);
        g.gauge("stateCacheSize", () -> state.cached());
        messages = g.counter("gradientMessages");
        contributions = g.counter("gradientContributions");
        g.gauge("prequentialRecallAt20", () -> evaluated.getCount() == 0 ? 0.0 : (double) hits.getCount() / evaluated.getCount());
        g.gauge("meanLoss", () -> meanLoss);
        g.gauge("itemCacheHitRate", () -> cacheHits + cacheMisses == 0 ? 0.0 : (double) cacheHits / (cacheHits + cacheMisses));
        g.gauge("itemCacheSize", () -> items.size());
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<VectorUpdate> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            state.clear(e.userId);
            out.collect(VectorUpdate.forgotten(e.userId, e.ts));
            return;
        }
        pollFeed();
        UserState s = state.value(e.userId);
        if (s == null) {
            s = side.newState();
        }
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
        state.update(e.userId, s);
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VectorUpdate> out) {
        timerPending = false;
        flush(g -> ctx.output(ITEM_GRADIENTS, g));
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

    /** Reads the item text vectors again (at start, then every content.start-reload-ms) for new items' starts. */
    private void loadTexts(long now) {
        TextStartSettings t = settings.text();
        if (redis == null || t == null || !t.enabled()) {
            return;
        }
        lastTextLoad = now;
        try {
            io.streamrec.core.content.TextSpace space = TextVectors.load(redis, t.maxItems());
            if (space != null) {
                side.withTextStarts(space, t.neighbours(), t.minSimilarity());
            }
        } catch (JedisException ex) {
            feedErrors.inc();
        }
    }

    private void pollFeed() {
        long now = System.currentTimeMillis();
        TextStartSettings t = settings.text();
        if (t != null && t.reloadMs() > 0 && now - lastTextLoad >= t.reloadMs()) {
            loadTexts(now);
        }
        if (shared == null) {
            return;
        }
        try {
            shared.pollIfDue(now, settings.itemFeedPollMs());
        } catch (JedisException ex) {
            feedErrors.inc();
        }
    }

    @Override
    public void close() throws Exception {
        if (shared != null) {
            shared.release();
            shared = null;
        }
        if (redis != null) {
            SharedRedisClients.release(settings.redis());
            redis = null;
        }
        super.close();
    }
}

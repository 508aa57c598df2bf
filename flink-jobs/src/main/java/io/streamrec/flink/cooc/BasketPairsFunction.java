package io.streamrec.flink.cooc;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.CoOccurrence;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps the user's open basket ({@link CoOccurrence#add}) and, for each purchase (or, with
 * {@code model.cooc.events} positive, each positive event: {@link CoOccurrence#counts(Event, double)}) of an
 * item new to the basket, makes the counts it implies: one for the item, and one each way for
 * every pair with the basket's latest {@code model.cooc.max-partners} items (at most 1 + 2·that per
 * event; a view, click or cart pairs with the latest {@code model.cooc.view-partners} only). The counts of
 * {@code bundleEvents} events go out as one message per item they count for ({@link PairBundle}); the
 * {@link BasketPairsOperator} also closes a bundle after {@code model.mf.bundle-ms}, before every checkpoint
 * barrier and at the end of input, so an open bundle is never state. A basket is dropped
 * by an event-time timer once its gap has passed (one timer per basket, set when it opens and set again for
 * its new end when it fires early, not one per event), and at once when the user is forgotten. Metrics:
 * {@code cooccurrenceCounts} (counts made) and {@code cooccurrenceMessages} (messages sent).
 */
public class BasketPairsFunction extends KeyedProcessFunction<String, Event, CooccurrenceUpdate>
        implements io.streamrec.flink.state.WriteBehind {
    private static final long serialVersionUID = 1L;

    private static final io.streamrec.core.event.EventWeights WEIGHTS = io.streamrec.core.event.EventWeights.defaults();
    private final CoOccurrence model;
    private final int stateCache;
    private final int stateCacheWaiting;
    private final int bundleEvents;
    private transient io.streamrec.flink.state.WriteBehindState<CoOccurrence.Basket> basket;
    private transient PairBundle bundle;
    private transient org.apache.flink.metrics.Counter countsMade;
    private transient org.apache.flink.metrics.Counter messages;

    /** Each event's counts sent at once (one message per item it counts for), every access to the state backend. */
    public BasketPairsFunction(CoOccurrence model) {
        this(model, 0, 0, 1);
    }

    /**
     * With up to {@code stateCache} users' baskets on the heap, at most {@code waiting} changed before the
     * barrier, and the counts of {@code bundleEvents} events sent together (1: each event's at once).
     */
    public BasketPairsFunction(CoOccurrence model, int stateCache, int waiting, int bundleEvents) {
        this.model = model;
        this.stateCache = stateCache;
        this.stateCacheWaiting = waiting;
        this.bundleEvents = Math.max(1, bundleEvents);
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return basket;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<CoOccurrence.Basket> descriptor = new ValueStateDescriptor<>("basket", CoOccurrence.Basket.class);
        ValueState<CoOccurrence.Basket> backend = getRuntimeContext().getState(descriptor);
        basket = new io.streamrec.flink.state.WriteBehindState<>(backend, descriptor.getSerializer(), stateCache,
                stateCacheWaiting, getRuntimeContext().getMetricGroup().counter("stateAccesses"));
        bundle = new PairBundle();
        countsMade = getRuntimeContext().getMetricGroup().counter("cooccurrenceCounts");
        messages = getRuntimeContext().getMetricGroup().counter("cooccurrenceMessages");
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<CooccurrenceUpdate> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            basket.clear(e.userId);
            return;
        }
        if (!model.counts(e, WEIGHTS.weight(e))) {
            return;
        }
        CoOccurrence.Basket b = basket.value(e.userId);
        if (b == null) {
            b = new CoOccurrence.Basket();
            ctx.timerService().registerEventTimeTimer(closesAt(e.ts)); // moved on when it fires before the end
        }
        String[] partners = model.add(b, e.itemId, e.ts, model.partnersFor(e));
        basket.update(e.userId, b);
        if (partners != null) {
            bundle.add(e.itemId, null, e.ts);
            for (String p : partners) {
                bundle.add(e.itemId, p, e.ts);
                bundle.add(p, e.itemId, e.ts);
            }
        }
        bundle.eventAdded();
        if (bundle.events() >= bundleEvents) {
            flush(out::collect);
        }
    }

    /** Sends the open bundle's counts, one message per item, and starts a new bundle. */
    public void flush(java.util.function.Consumer<CooccurrenceUpdate> out) {
        countsMade.inc(bundle.counts());
        List<CooccurrenceUpdate> updates = bundle.drain();
        messages.inc(updates.size());
        updates.forEach(out);
    }

    private long closesAt(long lastTs) {
        return lastTs + model.settings().basketGapMillis() + 1;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CooccurrenceUpdate> out) throws Exception {
        String user = ctx.getCurrentKey();
        CoOccurrence.Basket b = basket.value(user);
        if (b == null) {
            return;
        }
        if (closesAt(b.lastTs) <= timestamp) {
            basket.clear(user);
        } else {
            ctx.timerService().registerEventTimeTimer(closesAt(b.lastTs)); // the basket grew since: its new end
        }
    }
}

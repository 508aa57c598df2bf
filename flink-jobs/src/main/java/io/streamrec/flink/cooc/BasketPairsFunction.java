package io.streamrec.flink.cooc;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import io.streamrec.core.model.CoOccurrence;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps the user's open basket ({@link CoOccurrence#add}) and, for each purchase (or, with
 * {@code model.cooc.events} positive, each positive event: {@link CoOccurrence#counts(Event, double)}) of an
 * item new to the basket, emits the counts it makes: one for the item, and one each way for
 * every pair with the basket's latest {@code model.cooc.max-partners} items (at most 1 + 2·that per
 * event; a view, click or cart pairs with the latest {@code model.cooc.view-partners} only). A basket is dropped by an event-time timer once its gap has passed, and at once when the
 * user is forgotten.
 */
public class BasketPairsFunction extends KeyedProcessFunction<String, Event, CooccurrenceUpdate> {
    private static final long serialVersionUID = 1L;

    private static final io.streamrec.core.event.EventWeights WEIGHTS = io.streamrec.core.event.EventWeights.defaults();
    private final CoOccurrence model;
    private transient ValueState<CoOccurrence.Basket> basket;

    public BasketPairsFunction(CoOccurrence model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        basket = getRuntimeContext().getState(new ValueStateDescriptor<>("basket", CoOccurrence.Basket.class));
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<CooccurrenceUpdate> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            basket.clear();
            return;
        }
        if (!model.counts(e, WEIGHTS.weight(e))) {
            return;
        }
        CoOccurrence.Basket b = basket.value();
        if (b == null) {
            b = new CoOccurrence.Basket();
        }
        String[] partners = model.add(b, e.itemId, e.ts, model.partnersFor(e));
        basket.update(b);
        ctx.timerService().registerEventTimeTimer(closesAt(b.lastTs));
        if (partners == null) {
            return;
        }
        out.collect(new CooccurrenceUpdate(e.itemId, null, e.ts));
        for (String p : partners) {
            out.collect(new CooccurrenceUpdate(e.itemId, p, e.ts));
            out.collect(new CooccurrenceUpdate(p, e.itemId, e.ts));
        }
    }

    private long closesAt(long lastTs) {
        return lastTs + model.settings().basketGapMillis() + 1;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CooccurrenceUpdate> out) throws Exception {
        CoOccurrence.Basket b = basket.value();
        if (b != null && closesAt(b.lastTs) <= timestamp) {
            basket.clear();
        }
    }
}

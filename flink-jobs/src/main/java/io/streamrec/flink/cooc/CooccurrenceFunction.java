package io.streamrec.flink.cooc;

import io.streamrec.core.model.CoOccurrence;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: applies the basket counts of {@link BasketPairsFunction} to the item's decayed
 * co-occurrence state ({@link CoOccurrence}: its basket count and at most {@code model.cooc.max-neighbours}
 * neighbours) and emits the item's neighbour list whenever a pair changed it, for Redis.
 */
public class CooccurrenceFunction extends KeyedProcessFunction<String, CooccurrenceUpdate, ItemNeighbours> {
    private static final long serialVersionUID = 1L;

    private final CoOccurrence model;
    private transient ValueState<CoOccurrence.State> state;

    public CooccurrenceFunction(CoOccurrence model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("cooccurrence", CoOccurrence.State.class));
    }

    @Override
    public void processElement(CooccurrenceUpdate u, Context ctx, Collector<ItemNeighbours> out) throws Exception {
        CoOccurrence.State s = state.value();
        if (s == null) {
            s = new CoOccurrence.State();
        }
        if (u.other == null) {
            model.count(s, u.ts);
        } else {
            model.pair(s, u.other, u.ts);
        }
        state.update(s);
        if (s.ids.length == 0) {
            return; // nothing to publish yet: the item was in baskets of its own only
        }
        List<CoOccurrence.Neighbour> list = model.neighbours(s);
        String[] ids = new String[list.size()];
        double[] shares = new double[list.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = list.get(i).itemId();
            shares[i] = list.get(i).share();
        }
        out.collect(new ItemNeighbours(ctx.getCurrentKey(), s.version, ids, shares));
    }
}

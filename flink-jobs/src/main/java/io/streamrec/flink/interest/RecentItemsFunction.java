package io.streamrec.flink.interest;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import org.apache.flink.api.common.functions.OpenContext;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import io.streamrec.core.model.RepurchaseCodec;

/**
 * Keyed by user: keeps the user's {@link RecentItemsState} in keyed state (RocksDB in production),
 * applies each event with {@link RecentItems} and emits the user's new lists for Redis; when a
 * purchase or a cancellation changed the user's re-purchase cycles, it emits them encoded on the side
 * output {@link #BUY_AGAIN}. A {@code forget_user} tombstone clears the state and emits the deletion
 * of the user's keys on both outputs.
 */
public class RecentItemsFunction extends KeyedProcessFunction<String, Event, UserRecentItems>
        implements io.streamrec.flink.state.WriteBehind {
    private static final long serialVersionUID = 1L;
    /** A user's re-purchase cycles after each change, for {@code sr:{u:<id>}:rebuy}. */
    public static final OutputTag<UserRepurchase> BUY_AGAIN = new OutputTag<>("buy-again",
            TypeInformation.of(UserRepurchase.class));

    private final RecentItems model;
    private final long ttlSeconds;
    private transient io.streamrec.flink.state.WriteBehindState<RecentItemsState> state;
    private final int stateCache;
    private final int stateCacheWaiting;
    private transient Counter applied;
    private transient Counter stateAccesses;

    /** Without a time to live. */
    public RecentItemsFunction(RecentItems model) {
        this(model, 0);
    }

    /**
     * @param ttlSeconds a user's state is dropped after this long without an event (processing time, as
     *                   the user's Redis keys expire); 0 = kept forever
     */
    public RecentItemsFunction(RecentItems model, long ttlSeconds) {
        this(model, ttlSeconds, 0, 0);
    }

    /**
     * @param stateCache users whose state stays on the heap when run by a
     *                   {@link io.streamrec.flink.state.WriteBehindOperator} (0 = none)
     * @param waiting    at most this many of them changed before the checkpoint barrier
     */
    public RecentItemsFunction(RecentItems model, long ttlSeconds, int stateCache, int waiting) {
        this.model = model;
        this.ttlSeconds = ttlSeconds;
        this.stateCache = stateCache;
        this.stateCacheWaiting = waiting;
    }

    @Override
    public io.streamrec.flink.state.WriteBehindState<?> writeBehindState() {
        return state;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentItemsState> descriptor = new ValueStateDescriptor<>("recent-items", RecentItemsState.class);
        if (ttlSeconds > 0) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofSeconds(ttlSeconds))
                    .updateTtlOnCreateAndWrite()
                    .neverReturnExpired()
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        ValueState<RecentItemsState> backend = getRuntimeContext().getState(descriptor);
        applied = getRuntimeContext().getMetricGroup().counter("eventsApplied");
        stateAccesses = getRuntimeContext().getMetricGroup().counter("stateAccesses");
        state = new io.streamrec.flink.state.WriteBehindState<>(backend, descriptor.getSerializer(), stateCache,
                stateCacheWaiting, stateAccesses);
    }

    @Override
    public void processElement(Event e, Context ctx, Collector<UserRecentItems> out) throws Exception {
        if (e.type == EventType.FORGET_USER) {
            state.clear(ctx.getCurrentKey());
            out.collect(UserRecentItems.forgotten(ctx.getCurrentKey()));
            ctx.output(BUY_AGAIN, UserRepurchase.forgotten(ctx.getCurrentKey()));
            return;
        }
        RecentItemsState s = state.value(ctx.getCurrentKey());
        if (s == null) {
            s = new RecentItemsState();
        }
        boolean rebuyChanged = model.apply(s, e);
        state.update(ctx.getCurrentKey(), s);
        if (rebuyChanged) {
            ctx.output(BUY_AGAIN, new UserRepurchase(ctx.getCurrentKey(), s.rebuy.version,
                    RepurchaseCodec.encode(s.rebuy, System.currentTimeMillis())));
        }
        applied.inc();
        out.collect(new UserRecentItems(ctx.getCurrentKey(), s.version, model.encoded(s)));
    }
}

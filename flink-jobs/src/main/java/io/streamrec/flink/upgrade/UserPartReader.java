package io.streamrec.flink.upgrade;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.UserLearnerFunction;
import io.streamrec.flink.learn.UserState;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/**
 * Reads a user's value out of one of the three former per-user operators: {@code user-learner} ("user",
 * {@link UserState}), {@code recent-items} ("recent-items", {@link RecentItemsState}, with the job's time to
 * live when it had one: its serializer) or {@code basket-pairs} ("basket", with the user's event-time timers).
 */
public class UserPartReader extends KeyedStateReaderFunction<String, UserPart> {
    private static final long serialVersionUID = 1L;

    /** Which operator's state. */
    public enum Kind { LEARNER, RECENT, BASKET }

    private final Kind kind;
    private final long recentTtlSeconds;
    private transient ValueState<?> state;

    /** @param recentTtlSeconds the old job's {@code model.recent.ttl-days} in seconds (0 = none): whether its recent items had a time to live */
    public UserPartReader(Kind kind, long recentTtlSeconds) {
        this.kind = kind;
        this.recentTtlSeconds = recentTtlSeconds;
    }

    @Override
    public void open(OpenContext context) {
        state = switch (kind) {
            case LEARNER -> getRuntimeContext().getState(
                    new ValueStateDescriptor<>(UserLearnerFunction.LEGACY_USER_STATE, UserState.class));
            case RECENT -> {
                ValueStateDescriptor<RecentItemsState> d = new ValueStateDescriptor<>("recent-items", RecentItemsState.class);
                if (recentTtlSeconds > 0) {
                    // a value the old job would no longer have returned is migrated all the same: its time to live
                    // starts again at the migration, as if the user's value had just been written
                    d.enableTimeToLive(UserLearnerFunction.ttl(recentTtlSeconds)
                            .setStateVisibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp).build());
                }
                yield getRuntimeContext().getState(d);
            }
            case BASKET -> getRuntimeContext().getState(new ValueStateDescriptor<>("basket", CoOccurrence.Basket.class));
        };
    }

    @Override
    public void readKey(String key, Context ctx, Collector<UserPart> out) throws Exception {
        Object value = state.value();
        UserPart p = new UserPart();
        p.userId = key;
        switch (kind) {
            case LEARNER -> p.learner = (UserState) value;
            case RECENT -> p.recent = (RecentItemsState) value;
            case BASKET -> {
                p.basket = (CoOccurrence.Basket) value;
                p.timers = ctx.registeredEventTimeTimers().stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }
        if (value != null || p.timers.length > 0) {
            out.collect(p);
        }
    }
}

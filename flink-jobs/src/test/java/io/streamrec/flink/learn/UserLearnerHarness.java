package io.streamrec.flink.learn;

import io.streamrec.core.decay.ForwardDecay;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.flink.cooc.CooccurrenceUpdate;
import io.streamrec.flink.interest.RecentItems;
import io.streamrec.flink.interest.UserRecentItems;
import io.streamrec.flink.interest.UserRepurchase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** The user learner in operator harnesses, for the tests of each thing it keeps per user. */
public final class UserLearnerHarness {
    private UserLearnerHarness() {}

    /** d = 8, no item feed (no Redis), no evaluation, unbundled: each event's messages leave with it. */
    public static LearnerSettings settings() {
        return new LearnerSettings(MfConfig.defaults().withDim(8), EventWeights.defaults(), 100, 0.5, 1000, 0, 0.0,
                new RedisSettings("redis://127.0.0.1:1", 2000, 1, 500, "unused"));
    }

    /** Recent items by a day's half-life, 10 kept. */
    public static RecentItems recentItems() {
        return new RecentItems(ForwardDecay.ofHours(24), EventWeights.defaults(), 10);
    }

    /** Baskets of purchases, 30 minutes' gap. */
    public static CoOccurrence purchases() {
        return new CoOccurrence(CoOccurrence.Settings.defaults());
    }

    /** The function in a plain keyed operator (every access to the state backend), not opened. */
    public static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> plain(UserLearnerFunction f)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), e -> e.userId, Types.STRING);
    }

    /** The function in its operator, as the job runs it, not opened. */
    public static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> operator(UserLearnerFunction f)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new UserLearnerOperator(f), e -> e.userId, Types.STRING);
    }

    /** A plain harness of recent items (no time to live), opened. */
    public static KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> recent(RecentItems model, long ttlSeconds)
            throws Exception {
        var h = plain(new UserLearnerFunction(settings(), model, ttlSeconds, purchases()));
        h.open();
        return h;
    }

    public static List<UserRecentItems> lists(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return values(h, UserLearnerFunction.RECENT_ITEMS);
    }

    public static List<UserRepurchase> buyAgain(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return values(h, UserLearnerFunction.BUY_AGAIN);
    }

    public static List<CooccurrenceUpdate> pairs(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return values(h, UserLearnerFunction.PAIR_COUNTS);
    }

    public static List<BundledGradient> gradients(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h) {
        return values(h, UserLearnerFunction.ITEM_GRADIENTS);
    }

    /** Forgets what the side output {@code tag} received so far. */
    public static void clear(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h, OutputTag<?> tag) {
        ConcurrentLinkedQueue<?> q = h.getSideOutput(tag);
        if (q != null) {
            q.clear();
        }
    }

    private static <T> List<T> values(KeyedOneInputStreamOperatorTestHarness<String, Event, VectorUpdate> h, OutputTag<T> tag) {
        ConcurrentLinkedQueue<StreamRecord<T>> q = h.getSideOutput(tag);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }
}

package io.streamrec.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.flink.interest.UserRecentItems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arguments of update_recent_items.lua: what changed between two writes of a user, and only that. */
class RecentItemsMutationTest {
    private final RecentItemsMutation m = new RecentItemsMutation(0);

    private static UserRecentItems user(long version, String[] items, double[] scores, String[] bought, long[] ts,
                                        String[] categories, double[] shortW, double[] longW) {
        return new UserRecentItems("u1", version, 1000 + version, items, scores, bought, ts)
                .withInterests(categories, shortW, longW);
    }

    /** The arguments after the five header ones: the six counts, then the entries. */
    private static List<String> tail(List<String> args) {
        return args.subList(5, args.size());
    }

    @Test
    void oneChangedWeightIsOneEntryAndMembersThatOnlyMovedAreNone() {
        UserRecentItems before = user(1, new String[] {"a", "b", "c"}, new double[] {3, 2, 1}, new String[0], new long[0],
                new String[] {"x"}, new double[] {0.5}, new double[] {0.25});
        // b grew past a: both moved, only b's weight changed
        UserRecentItems now = user(2, new String[] {"b", "a", "c"}, new double[] {4, 3, 1}, new String[0], new long[0],
                new String[] {"x"}, new double[] {0.5}, new double[] {0.25});
        List<String> args = m.changes(before, now);
        assertEquals(List.of("2", "1", "1002", "0"), args.subList(0, 4));
        assertEquals(List.of("1", "0", "0", "0", "0", "0", "4.0", "b"), tail(args));
    }

    @Test
    void aReplacedItemIsSetAndRemovedAndChangedInterestsAndPurchasesAreSet() {
        UserRecentItems before = user(5, new String[] {"a", "b"}, new double[] {3, 2}, new String[] {"a"}, new long[] {10},
                new String[] {"x", "y"}, new double[] {0.5, 1}, new double[] {0.25, 2});
        UserRecentItems now = user(6, new String[] {"a", "d"}, new double[] {3, 2.5}, new String[] {"a", "d"},
                new long[] {10, 20}, new String[] {"y"}, new double[] {1}, new double[] {3});
        assertEquals(List.of("1", "1", "1", "0", "1", "1", "2.5", "d", "b", "20", "d", "y", "1.0 3.0", "x"),
                tail(m.changes(before, now)));
    }

    @Test
    void nothingChangedIsNoEntry() {
        UserRecentItems before = user(1, new String[] {"a"}, new double[] {1}, new String[0], new long[0], null, null, null);
        UserRecentItems now = user(2, new String[] {"a"}, new double[] {1}, new String[0], new long[0], null, null, null);
        assertEquals(List.of("0", "0", "0", "0", "0", "0"), tail(m.changes(before, now)));
    }
}

package io.streamrec.core.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserListsTest {
    static UserLists sample() {
        return UserLists.empty(7, 1_700_000_000_123L).withRecent("shoe", 2.5).withRecent("tässchen", 1e300)
                .withRecent("hat", 2.5).withBought("shoe", 1_700_000_000_000L).withInterest("garden", 0.25, 4)
                .withInterest("küche", 0, 1e-9);
    }

    @Test
    void encodesAndDecodesEveryListExactly() {
        UserLists l = sample();
        byte[] encoded = l.encode();

        assertThat(UserLists.decode(encoded)).isEqualTo(l);
        assertThat(UserLists.version(encoded)).isEqualTo(7);
        assertThat(UserLists.decode(UserLists.empty(0, 0).encode())).isEqualTo(UserLists.empty(0, 0));
    }

    @Test
    void listsLargerThanTheWriteBufferAndThenSmallerOnesComeOutWhole() {
        UserLists big = UserLists.empty(2, 3);
        for (int i = 0; i < 2000; i++) {
            big = big.withRecent("item-" + i + "-ü".repeat(i % 3), i + 1);
        }
        UserLists small = sample();

        assertThat(UserLists.decode(big.encode())).isEqualTo(big);
        assertThat(UserLists.decode(small.encode())).isEqualTo(small);
        assertThat(small.encode()).hasSize(small.encode().length).isEqualTo(sample().encode());
    }

    @Test
    void onlyItemsWithAPositiveWeightAreEncoded() {
        byte[] encoded = UserLists.encode(1, 2, new String[] {"a", "b", "c", "d"}, new double[] {1, -2, 0, 3},
                new String[0], new long[0], new String[0], new double[0], new double[0]);

        UserLists l = UserLists.decode(encoded);
        assertThat(l.items()).containsExactly("a", "d");
        assertThat(l.weights()).containsExactly(1, 3);
    }

    @Test
    void readersGetTheRecentItemsWeakestFirstTiesById() {
        UserLists l = sample();

        assertThat(l.recentItems()).containsExactly("hat", "shoe", "tässchen");
        assertThat(l.recentAscending()).containsExactly(Map.entry("hat", 2.5), Map.entry("shoe", 2.5),
                Map.entry("tässchen", 1e300));
        assertThat(l.interests().get("garden")).containsExactly(0.25, 4);
        assertThat(l.boughtAt()).containsExactly(Map.entry("shoe", 1_700_000_000_000L));
    }

    @Test
    void rejectsWhatIsNotEncodedLists() {
        byte[] encoded = sample().encode();

        for (byte[] bad : List.of(new byte[3], Arrays.copyOf(encoded, encoded.length - 1),
                Arrays.copyOf(encoded, encoded.length + 1), "not lists at all, just text".getBytes())) {
            assertThatThrownBy(() -> UserLists.decode(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] negative = encoded.clone();
        negative[16] = (byte) 0xFF;
        negative[19] = (byte) 0xFF; // a negative count of recent items
        assertThatThrownBy(() -> UserLists.decode(negative)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserLists.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyListNeedsOneValuePerMember() {
        assertThatThrownBy(() -> new UserLists(1, 1, new String[] {"a"}, new double[0], new String[0], new long[0],
                new String[0], new double[0], new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
    @Test
    void anEncodingSplicedForOneItemAppendedOrReplacedIsTheWholeEncoding() {
        // random lists changed one slot at a time (an item appended, or replaced; weights crossing zero,
        // ids of other lengths, multi-byte ones): the spliced bytes are those of a whole encoding
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        String[] bought = {"b1", "bé"};
        long[] boughtTs = {5, 6};
        String[] categories = {"c", "dé"};
        String[] items = new String[0];
        double[] weights = new double[0];
        UserLists.Encoded e = UserLists.encodeTracked(64, 0, 0, items, weights, bought, boughtTs, categories,
                new double[2], new double[2]);
        int spliced = 0;
        for (int step = 1; step <= 3_000; step++) {
            boolean append = items.length < 12 && (items.length == 0 || rnd.nextBoolean());
            int k = append ? items.length : rnd.nextInt(items.length);
            if (append) {
                items = Arrays.copyOf(items, items.length + 1);
                weights = Arrays.copyOf(weights, weights.length + 1);
            } else {
                items = items.clone(); // the state changes its arrays in place: the encoding kept its own copy
                weights = weights.clone();
            }
            items[k] = "item-" + "é".repeat(rnd.nextInt(3)) + rnd.nextInt(1_000_000);
            for (int i = 0; i < weights.length; i++) { // every value moves; some weights cross zero
                weights[i] = i == k || rnd.nextInt(8) == 0 ? rnd.nextDouble(-1, 3) : weights[i] * 1.01;
            }
            boughtTs = new long[] {boughtTs[0] + 1, boughtTs[1] + 2};
            double[] shortInterest = {rnd.nextDouble(), rnd.nextDouble()};
            double[] longInterest = {rnd.nextDouble(), rnd.nextDouble()};
            UserLists.Encoded next = e.spliced(step, step * 10L, items, weights, bought, boughtTs, categories,
                    shortInterest, longInterest);
            byte[] whole = UserLists.encode(step, step * 10L, items, weights, bought, boughtTs, categories,
                    shortInterest, longInterest);
            if (next == null) { // a weight that crossed zero elsewhere: not one slot
                next = UserLists.encodeTracked(64, step, step * 10L, items, weights, bought, boughtTs, categories,
                        shortInterest, longInterest);
            } else {
                spliced++;
            }
            assertThat(next.bytes()).as("step %d", step).isEqualTo(whole);
            e = next;
        }
        assertThat(spliced).as("most steps spliced").isGreaterThan(1_000);
        // other members changed: not spliced
        assertThat(e.spliced(0, 0, items, weights, new String[] {"b1", "x"}, boughtTs, categories, new double[2],
                new double[2])).isNull();
        assertThat(e.spliced(0, 0, Arrays.copyOf(items, items.length + 2), Arrays.copyOf(weights, items.length + 2),
                bought, boughtTs, categories, new double[2], new double[2])).isNull();
    }
}

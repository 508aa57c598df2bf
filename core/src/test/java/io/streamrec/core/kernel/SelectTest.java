package io.streamrec.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectTest {
    @Test
    void theNthKeyIsWhatASortPutsThereWithNothingLargerBeforeAndNothingSmallerAfter() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(700);
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = round % 3 == 0 ? rnd.nextInt(4) : rnd.nextLong(); // runs of equal keys, and none
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int from = rnd.nextInt(n);
            int to = from + 1 + rnd.nextInt(n - from);
            int t = from + rnd.nextInt(to - from);
            long[] range = Arrays.copyOfRange(a, from, to);
            Arrays.sort(range);
            long[] b = a.clone();
            Select.nth(b, from, to, t);
            assertThat(b[t]).isEqualTo(range[t - from]);
            for (int i = from; i < to; i++) {
                assertThat(i < t ? b[i] <= b[t] : b[i] >= b[t]).as("round " + round + " at " + i).isTrue();
            }
            long[] outside = a.clone();
            System.arraycopy(b, from, outside, from, to - from);
            assertThat(outside).as("nothing outside the range moves").isEqualTo(b);
            long[] inRange = Arrays.copyOfRange(b, from, to);
            Arrays.sort(inRange);
            assertThat(inRange).as("the same keys").isEqualTo(range);
        }
    }

    @Test
    void sortableDoublesOrderLikeDoubleCompareAndComeBack() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, 1.5, 1e-300, 0.0, -0.0, -1e-300, -2, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(Select.fromSortable(Select.sortable(values[i]))))
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
            for (int j = 0; j < values.length; j++) {
                assertThat(Long.signum(Long.compare(Select.sortable(values[i]), Select.sortable(values[j]))))
                        .as(values[i] + " vs " + values[j]).isEqualTo(Integer.signum(Double.compare(values[i], values[j])));
            }
        }
    }
}

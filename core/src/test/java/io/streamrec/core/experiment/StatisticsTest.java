package io.streamrec.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Against values from standard tables and R ({@code prop.test}, {@code pchisq}, {@code pnorm}). */
class StatisticsTest {
    @Test
    void normalTails() {
        assertThat(Statistics.upperNormal(1.959963984540054)).isCloseTo(0.025, offset(1e-6));
        assertThat(Statistics.upperNormal(0)).isCloseTo(0.5, offset(1e-7));
        assertThat(Statistics.upperNormal(3)).isCloseTo(0.0013499, offset(1e-6));
        assertThat(Statistics.upperNormal(-1)).isCloseTo(0.8413447, offset(1e-6));
    }

    @Test
    void wilsonInterval() {
        Statistics.Interval i = Statistics.wilson(10, 100, Statistics.Z95);
        assertThat(i.low()).isCloseTo(0.05523, offset(1e-4));
        assertThat(i.high()).isCloseTo(0.17437, offset(1e-4));
        Statistics.Interval zero = Statistics.wilson(0, 50, Statistics.Z95);
        assertThat(zero.low()).isEqualTo(0);
        assertThat(zero.high()).isCloseTo(0.07135, offset(1e-4));
        assertThat(Statistics.wilson(0, 0, Statistics.Z95)).isEqualTo(new Statistics.Interval(0, 1));
    }

    @Test
    void twoProportionTest() {
        double z = Statistics.zStatistic(200, 1000, 250, 1000);
        assertThat(z).isCloseTo(2.6774, offset(1e-3));
        assertThat(Statistics.twoSidedP(z)).isCloseTo(0.007419, offset(2e-5));
        assertThat(Statistics.zStatistic(250, 1000, 200, 1000)).isCloseTo(-z, offset(1e-12));
    }

    @Test
    void liftWithItsInterval() {
        double[] l = Statistics.lift(200, 1000, 250, 1000, Statistics.Z95);
        assertThat(l[0]).isCloseTo(0.25, offset(1e-12));
        // log ratio ± 1.96 · sqrt((1-0.2)/200 + (1-0.25)/250) = ln 1.25 ± 0.1654
        assertThat(l[1]).isCloseTo(Math.exp(Math.log(1.25) - Statistics.Z95 * Math.sqrt(0.004 + 0.003)) - 1, offset(1e-12));
        assertThat(l[1]).isGreaterThan(0); // the interval excludes no lift, as the z-test says
        assertThat(Statistics.lift(0, 1000, 5, 1000, Statistics.Z95)).isNull();
    }

    @Test
    void chiSquareAndSampleRatioMismatch() {
        assertThat(Statistics.chiSquareUpper(3.841459, 1)).isCloseTo(0.05, offset(1e-6));
        assertThat(Statistics.chiSquareUpper(7.814728, 3)).isCloseTo(0.05, offset(1e-6));
        assertThat(Statistics.chiSquareUpper(20, 10)).isCloseTo(0.02925269, offset(1e-7));
        assertThat(Statistics.chiSquareUpper(0.5, 4)).isCloseTo(0.9735010, offset(1e-6));
        assertThat(Statistics.srmP(new long[] {5000, 5200}, new double[] {0.5, 0.5})).isCloseTo(0.04767, offset(1e-4));
        assertThat(Statistics.srmP(new long[] {5000, 5000}, new double[] {0.5, 0.5})).isEqualTo(1.0);
    }

    @Test
    void alwaysValidPIsAboveTheFixedHorizonP() {
        // a sequential test pays for being allowed to look any time: its p-value is larger at the same data
        double fixed = Statistics.twoSidedP(Statistics.zStatistic(200, 1000, 250, 1000));
        double avp = Statistics.alwaysValidP(200, 1000, 250, 1000, 1e-4);
        assertThat(avp).isGreaterThan(fixed).isLessThan(1);
        // more data with the same rates: stronger evidence
        assertThat(Statistics.alwaysValidP(2000, 10000, 2500, 10000, 1e-4)).isLessThan(1e-6);
        assertThat(Statistics.alwaysValidP(200, 1000, 200, 1000, 1e-4)).isEqualTo(1.0);
    }

    @Test
    void deltaMethodVarianceOfARatio() {
        // three users: (clicks, impressions) = (1, 10), (0, 10), (2, 10): rate 0.1; with equal denominators the
        // delta method is the variance of the per-user rates over n: var(0.1, 0, 0.2) / 3 = 0.01 / 3
        Statistics.RatioSums s = new Statistics.RatioSums(3, 3, 30, 1 + 0 + 4, 300, 10 + 0 + 20);
        assertThat(s.rate()).isCloseTo(0.1, offset(1e-12));
        assertThat(s.variance()).isCloseTo(0.01 / 3, offset(1e-12));
        // independent impressions would claim 0.1·0.9/30 = 0.003; these users' correlation makes it 0.00333
        Statistics.RatioSums same = new Statistics.RatioSums(3, 3, 30, 5, 300, 30);
        assertThat(Statistics.deltaZ(s, same)).isEqualTo(0);
        assertThat(Statistics.deltaLift(s, new Statistics.RatioSums(3, 6, 30, 14, 300, 60), Statistics.Z95)[0])
                .isCloseTo(1.0, offset(1e-12));
        assertThat(new Statistics.RatioSums(1, 1, 10, 1, 100, 10).variance()).as("one user").isZero();
    }
}

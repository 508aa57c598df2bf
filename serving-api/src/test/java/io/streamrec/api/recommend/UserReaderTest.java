package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.redis.RedisKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a user's published interests and counters are read, without Redis (the round trip is in the API tests). */
class UserReaderTest {
    static final double HOUR = 3_600_000d;

    @Test
    void decaysEachHorizonByItsOwnHalfLifeToRequestTime() {
        Map<String, String> published = Map.of("garden", RedisKeys.interestValue(4, 4),
                "kitchen", RedisKeys.interestValue(4, 12));
        long refTs = 1_000_000;

        InterestProfile p = UserReader.profile(published, refTs, refTs + (long) HOUR, HOUR, 10 * HOUR);

        // an hour later the short weights halved (2 and 2: equal shares), the long ones barely moved
        assertThat(p.shortShare("garden")).isCloseTo(0.5, within(1e-9));
        assertThat(p.longShare("kitchen")).isCloseTo(0.75, within(1e-9));
        assertThat(p.shortIntensity()).isCloseTo(4, within(1e-9));
    }

    @Test
    void aClockBehindThePublicationDoesNotGrowTheWeights() {
        Map<String, String> published = Map.of("garden", RedisKeys.interestValue(4, 4));

        InterestProfile p = UserReader.profile(published, 5_000, 1_000, HOUR, HOUR);

        assertThat(p.shortIntensity()).isCloseTo(4, within(1e-9));
    }

    @Test
    void valuesTheJobDidNotWriteAreLeftOut() {
        InterestProfile p = UserReader.profile(Map.of("garden", "not a value", "kitchen",
                RedisKeys.interestValue(1, 1)), 0, 0, HOUR, HOUR);

        assertThat(p.longShare("kitchen")).isEqualTo(1.0);
        assertThat(p.longShare("garden")).isZero();
        assertThat(UserReader.profile(Map.of(), 0, 0, HOUR, HOUR)).isSameAs(InterestProfile.EMPTY);
    }

    @Test
    void countersFallBackWhenMissingOrMalformed() {
        assertThat(UserReader.parseLong("42", 7)).isEqualTo(42);
        assertThat(UserReader.parseLong(null, 7)).isEqualTo(7);
        assertThat(UserReader.parseLong("4x2", 7)).isEqualTo(7);
    }
}

package io.streamrec.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.rank.InterestProfile;
import io.streamrec.core.interest.UserLists;
import org.junit.jupiter.api.Test;

/** How a user's published interests and counters are read, without Redis (the round trip is in the API tests). */
class UserReaderTest {
    static final double HOUR = 3_600_000d;

    @Test
    void decaysEachHorizonByItsOwnHalfLifeToRequestTime() {
        long refTs = 1_000_000;
        UserLists published = UserLists.empty(3, refTs).withInterest("garden", 4, 4).withInterest("kitchen", 4, 12);

        InterestProfile p = UserReader.profile(published, refTs + (long) HOUR, HOUR, 10 * HOUR);

        // an hour later the short weights halved (2 and 2: equal shares), the long ones barely moved
        assertThat(p.shortShare("garden")).isCloseTo(0.5, within(1e-9));
        assertThat(p.longShare("kitchen")).isCloseTo(0.75, within(1e-9));
        assertThat(p.shortIntensity()).isCloseTo(4, within(1e-9));
    }

    @Test
    void aClockBehindThePublicationDoesNotGrowTheWeights() {
        UserLists published = UserLists.empty(1, 5_000).withInterest("garden", 4, 4);

        InterestProfile p = UserReader.profile(published, 1_000, HOUR, HOUR);

        assertThat(p.shortIntensity()).isCloseTo(4, within(1e-9));
    }

    @Test
    void listsWithoutInterestsMakeTheEmptyProfile() {
        UserLists published = UserLists.empty(1, 0).withRecent("a", 1);

        assertThat(UserReader.profile(published, 0, HOUR, HOUR)).isSameAs(InterestProfile.EMPTY);
    }
}

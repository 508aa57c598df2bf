package io.streamrec.core.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArmFeedbackTest {
    static final long DAY = 86_400_000L;

    static Event ev(EventType t, long ts, String category) {
        return new Event(null, "u", "i", t, ts, null, category, null);
    }

    @Test
    void impressionsAreTrialsEngagementIsSuccessDecayedAndOrderFree() {
        ArmFeedback f = new ArmFeedback(7 * DAY);
        assertThat(ArmFeedback.isFeedback(ev(EventType.IMPRESSION, 0, "toys"))).isTrue();
        assertThat(ArmFeedback.isFeedback(ev(EventType.PURCHASE, 0, "toys"))).isTrue();
        assertThat(ArmFeedback.isFeedback(ev(EventType.VIEW, 0, "toys"))).isFalse();
        assertThat(ArmFeedback.isFeedback(ev(EventType.CLICK, 0, null))).isFalse();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(ev(i % 4 == 0 ? EventType.CLICK : EventType.IMPRESSION, i * DAY / 4, "toys"));
        }
        double[] first = null;
        Random rnd = new Random(3);
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(events, rnd);
            ArmFeedback.State s = new ArmFeedback.State();
            events.forEach(e -> f.apply(s, e));
            double[] v = f.at(s, 10 * DAY);
            if (first == null) {
                first = v;
            }
            assertThat(v[0]).isCloseTo(first[0], within(1e-9));
            assertThat(v[1]).isCloseTo(first[1], within(1e-9));
            assertThat(s.refTs).isEqualTo(39 * DAY / 4);
        }
        assertThat(first[0]).isLessThan(30).isGreaterThan(10); // 30 impressions, decayed over up to ten days
        ArmFeedback.State one = new ArmFeedback.State();
        f.apply(one, ev(EventType.IMPRESSION, 0, "toys"));
        assertThat(f.at(one, 7 * DAY)[0]).isCloseTo(0.5, within(1e-12));
    }
}

package io.streamrec.core.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryInterestsTest {
    static final long MIN = 60_000L;
    static final long DAY = 86_400_000L;
    final CategoryInterests model = new CategoryInterests(30 * MIN, 14 * DAY, 5);

    record Ev(String category, double w, long ts) {}

    @Test
    void eachScaleHalvesAfterItsHalfLife() {
        CategoryInterests.State s = new CategoryInterests.State();
        model.add(s, "garden", 4, 0);
        CategoryInterests.Snapshot now = model.at(s, 0);
        assertThat(now.shortWeights()[0]).isCloseTo(4, within(1e-12));
        assertThat(now.longWeights()[0]).isCloseTo(4, within(1e-12));
        CategoryInterests.Snapshot later = model.at(s, 30 * MIN);
        assertThat(later.shortWeights()[0]).isCloseTo(2, within(1e-12));
        assertThat(later.longWeights()[0]).isCloseTo(4 * Math.pow(2, -30.0 * MIN / (14 * DAY)), within(1e-12));
        assertThat(model.at(s, 14 * DAY).longWeights()[0]).isCloseTo(2, within(1e-12));
    }

    @Test
    void anyArrivalOrderGivesTheSameWeights() {
        List<Ev> events = new ArrayList<>();
        Random rnd = new Random(5);
        String[] cats = {"garden", "kitchen", "toys", "books"};
        for (int i = 0; i < 300; i++) {
            events.add(new Ev(cats[rnd.nextInt(cats.length)], rnd.nextInt(10) - 2, (long) (rnd.nextDouble() * 60 * DAY)));
        }
        CategoryInterests.Snapshot reference = null;
        for (int round = 0; round < 20; round++) {
            List<Ev> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, rnd);
            CategoryInterests.State s = new CategoryInterests.State();
            shuffled.forEach(e -> model.add(s, e.category(), e.w(), e.ts()));
            CategoryInterests.Snapshot snap = model.at(s, 61 * DAY);
            if (reference == null) {
                reference = snap;
                continue;
            }
            assertThat(snap.categories()).containsExactly(reference.categories());
            for (int i = 0; i < snap.categories().length; i++) {
                assertThat(snap.shortWeights()[i]).isCloseTo(reference.shortWeights()[i], within(1e-9 * (1 + Math.abs(reference.shortWeights()[i]))));
                assertThat(snap.longWeights()[i]).isCloseTo(reference.longWeights()[i], within(1e-9 * (1 + Math.abs(reference.longWeights()[i]))));
            }
        }
    }

    @Test
    void lazyDecayAtReadEqualsEagerDecay() {
        CategoryInterests.State s = new CategoryInterests.State();
        model.add(s, "toys", 3, 1_000);
        model.add(s, "toys", 1, 5 * MIN);
        CategoryInterests.Snapshot published = model.at(s, 5 * MIN); // what the job writes, at refTs
        long readAt = 5 * MIN + 47 * MIN;
        CategoryInterests.Snapshot eager = model.at(s, readAt);
        assertThat(CategoryInterests.decayed(published.shortWeights()[0], 5 * MIN, readAt, 30 * MIN))
                .isCloseTo(eager.shortWeights()[0], within(1e-12));
        assertThat(CategoryInterests.decayed(published.longWeights()[0], 5 * MIN, readAt, 14 * DAY))
                .isCloseTo(eager.longWeights()[0], within(1e-12));
    }

    @Test
    void stateIsBoundedAndKeepsTheStrongestCategories() {
        CategoryInterests.State s = new CategoryInterests.State();
        for (int i = 0; i < 5; i++) {
            model.add(s, "c" + i, 10 + i, 0);
        }
        model.add(s, "weak", 1, 0);   // weaker than everything kept: dropped
        model.add(s, "strong", 50, 0); // replaces the weakest (c0)
        assertThat(s.categories).hasSize(5).contains("strong").doesNotContain("weak", "c0");
        assertThat(model.at(s, 0).categories()[0]).isEqualTo("strong");
        model.add(s, null, 5, 0);
        model.add(s, "c1", 0, 0);
        assertThat(s.categories).hasSize(5);
    }

    @Test
    void farApartEventsRebaseWithoutOverflow() {
        CategoryInterests.State s = new CategoryInterests.State();
        model.add(s, "a", 1, 0);
        model.add(s, "a", 1, 3650 * DAY); // ten years later: 2^(ten years / 30 min) would overflow without a rebase
        CategoryInterests.Snapshot snap = model.at(s, 3650 * DAY);
        assertThat(snap.shortWeights()[0]).isCloseTo(1, within(1e-9));
        assertThat(Double.isFinite(snap.longWeights()[0])).isTrue();
    }
}

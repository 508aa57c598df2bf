package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrec.core.content.TextSpace;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A new item's start from its text neighbours, through the job's user and item sides. */
class TextStartTest {
    static final String[] GARDEN = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"};

    @Test
    void aNewItemStartsAtItsTextNeighboursVectorsBeforeItsCategoryCentroid() {
        LearnerSidesTest.Loop loop = new LearnerSidesTest.Loop(LearnerSidesTest.CONFIG);
        loop.run(PlantedStreamEvents.events(10, 10, 3000, 5));
        // texts: the new item reads like a3 (and a little like a7); the others point elsewhere
        TextSpace text = new TextSpace(3, 100);
        for (String id : GARDEN) {
            text.put(id, new float[] {0, 0, 1});
        }
        text.put("a3", new float[] {1, 0, 0});
        text.put("a7", new float[] {0.6f, 0.8f, 0});
        text.put("text-new", new float[] {1, 0.1f, 0});
        text.put("no-neighbour", new float[] {0, -1, 0});
        loop.user.withTextStarts(text, 2, 0.5f);

        Event e = Event.of("ua1", "text-new", EventType.VIEW, 1_900_000_000_000L);
        e.category = "garden";
        ItemGradient g = gradient(loop, e, "text-new");
        float[] a3 = new float[LearnerSidesTest.CONFIG.width()];
        float[] a7 = new float[a3.length];
        assertThat(loop.cache.copyInto("a3", a3)).isTrue();
        assertThat(loop.cache.copyInto("a7", a7)).isTrue();
        float s3 = (float) (1 / Math.sqrt(1.01));
        float s7 = (float) (0.68 / Math.sqrt(1.01));
        for (int j = 0; j < a3.length; j++) {
            assertThat(g.init[j]).isCloseTo((s3 * a3[j] + s7 * a7[j]) / (s3 + s7), within(1e-5f));
        }
        // the item owner starts it there (an owner that has never seen a garden item as well)
        ItemState created = new ItemSide(LearnerSidesTest.CONFIG, new CategoryCentroids(a3.length)).create(g);
        for (int j = 0; j < LearnerSidesTest.CONFIG.dim(); j++) {
            assertThat(created.vec[j]).isCloseTo(g.init[j], within(0.1f));
        }

        // no text neighbour similar enough: the category centroid, as without texts
        Event far = Event.of("ua1", "no-neighbour", EventType.VIEW, 1_900_000_000_001L);
        far.category = "garden";
        float[] centroid = gradient(loop, far, "no-neighbour").init;
        float[] mean = new float[a3.length];
        float[] v = new float[a3.length];
        for (String id : GARDEN) {
            loop.cache.copyInto(id, v);
            for (int j = 0; j < v.length; j++) {
                mean[j] += v[j] / GARDEN.length;
            }
        }
        for (int j = 0; j < mean.length; j++) {
            assertThat(centroid[j]).isCloseTo(mean[j], within(1e-5f));
        }
    }

    static ItemGradient gradient(LearnerSidesTest.Loop loop, Event e, String item) {
        UserSide.Outcome o = loop.user.apply(loop.users.get(e.userId), e, false, new SplittableRandom(1));
        ItemGradient g = o.gradients().stream().filter(x -> x.itemId.equals(item)).findFirst().orElseThrow();
        assertThat(g.init).as("suggested start").isNotNull();
        return g;
    }
}

package io.streamrec.core.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.kernel.VectorKernels;
import io.streamrec.core.model.MfConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    static final EventWeights W = EventWeights.defaults();

    @Test
    void indexesPositiveInteractionsByUserAndByItem() {
        List<Event> events = List.of(
                Event.of("a", "x", EventType.PURCHASE, 1),
                Event.of("a", "y", EventType.VIEW, 2),
                Event.of("b", "y", EventType.PURCHASE, 3),
                Event.of("b", "y", EventType.PURCHASE, 4));
        History h = History.of(events, W, 2f, Long.MAX_VALUE);
        assertThat(h.users).containsExactly("a", "b");
        assertThat(h.items).containsExactly("x", "y");
        assertThat(h.byUser.ptr()).containsExactly(0, 2, 3);
        assertThat(h.byItem.ptr()).containsExactly(0, 1, 3);
        assertThat(h.byItem.cols()).containsExactly(0, 0, 1);
        float twoPurchases = 1 + 2f * (float) (2 * W.weight(events.get(2)));
        assertThat(h.byUser.conf()[2]).isEqualTo(twoPurchases);
        assertThat(h.userEvents).containsExactly(2, 2);
        assertThat(h.itemEvents).containsExactly(1, 3);
        assertThat(h.lastTs).isEqualTo(4);
    }

    @Test
    void cutsAtUntilAndForgetsWhatAForgottenUserDidBefore() {
        List<Event> events = List.of(
                Event.of("a", "x", EventType.PURCHASE, 1),
                Event.of("b", "x", EventType.PURCHASE, 2),
                EventParser.forgetUser("a", 3),
                Event.of("c", "z", EventType.PURCHASE, 10));
        History h = History.of(events, W, 2f, 10);
        assertThat(h.users).containsExactly("b");
        assertThat(h.items).containsExactly("x");
        assertThatThrownBy(() -> History.of(events, W, 2f, 1)).hasMessageContaining("nothing to train on");
    }

    @Test
    void factorsBecomeVectorsOfTheModelsWidthWithinItsNorm() {
        ImplicitAlsData data = ImplicitAlsData.small();
        History h = History.of(data.events, W, 2f, Long.MAX_VALUE);
        AlsSettings s = AlsSettings.defaults(4).withIterations(3).withScale(400f);
        WarmFactors f = WarmFactors.train(h, s, new JavaAlsEngine(4, s.lambda(), s.cgSteps()));
        MfConfig mf = MfConfig.defaults().withDim(4);
        float[] u = f.userVector(0, mf);
        float[] i = f.itemVector(0, mf);
        assertThat(u).hasSize(5);
        assertThat(u[4]).isEqualTo(1f);
        assertThat(i[4]).isEqualTo(0f);
        assertThat(VectorKernels.norm(u, 0, 4)).isLessThanOrEqualTo(mf.maxNorm() * 1.0001f);
        // the same history and seed give the same factors
        WarmFactors again = WarmFactors.train(h, s, new JavaAlsEngine(4, s.lambda(), s.cgSteps()));
        assertThat(again.x).containsExactly(f.x);
        assertThatThrownBy(() -> f.userVector(0, MfConfig.defaults().withDim(8))).hasMessageContaining("dimension 4");
    }

    /** A few users with overlapping baskets. */
    record ImplicitAlsData(List<Event> events) {
        static ImplicitAlsData small() {
            List<Event> out = new java.util.ArrayList<>();
            for (int u = 0; u < 20; u++) {
                for (int k = 0; k < 5; k++) {
                    out.add(Event.of("u" + u, "i" + ((u + k * 3) % 12), EventType.PURCHASE, u * 10L + k));
                }
            }
            return new ImplicitAlsData(out);
        }
    }
}

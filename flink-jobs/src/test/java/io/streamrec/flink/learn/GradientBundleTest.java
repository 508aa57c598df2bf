package io.streamrec.flink.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.MfModel;
import io.streamrec.core.model.NegativeSampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientBundleTest {
    static final MfConfig CONFIG = MfConfig.defaults().withDim(4);

    static ItemGradient target(String item, float coef, float... x) {
        return new ItemGradient(item, null, coef, x, 1);
    }

    static ItemGradient context(String item, float w, float... g) {
        return new ItemGradient(item, null, w, g, 1, true);
    }

    @Test
    void sumsEachItemsGradientsOverTheBundleAndClosesOnSize() {
        GradientBundle b = new GradientBundle(2, 0);
        b.add(List.of(target("a", 0.5f, 1, 2, 3, 4, 1), target("b", -1f, 1, 1, 1, 1, 1), context("c", 0.25f, 4, 4, 4, 4)));
        assertThat(b.full()).isFalse();
        b.add(List.of(target("a", 1f, 1, 0, 0, 0, 1), context("a", 0.5f, 2, 2, 2, 2)));
        assertThat(b.full()).isTrue();
        List<BundledGradient> out = b.drain();
        assertThat(out).extracting(g -> g.itemId).containsExactly("a", "b", "c");
        BundledGradient a = out.get(0);
        assertThat(a.target).containsExactly(1.5f, 1f, 1.5f, 2f, 1.5f);
        assertThat(a.targets).isEqualTo(2);
        assertThat(a.context).containsExactly(1f, 1f, 1f, 1f);
        assertThat(a.contexts).isEqualTo(1);
        assertThat(out.get(2).target).isNull();
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.drain()).isEmpty();
    }

    @Test
    void aBundleOfOneEventIsExactlyTheUnbundledStep() {
        MfModel model = new MfModel(CONFIG);
        ItemSide side = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width()));
        ItemGradient g = target("a", 0.7f, 0.3f, -0.2f, 0.1f, 0.4f, 1);
        ItemState bundled = side.create(g);
        float[] expected = bundled.vec.clone();
        float[] acc = {bundled.acc};
        model.itemStep(expected, acc, g.coef, g.vector);
        assertThat(side.apply(bundled, BundledGradient.of(g))).isTrue();
        assertThat(bundled.vec).containsExactly(expected);
        assertThat(bundled.acc).isEqualTo(acc[0]);
        assertThat(bundled.version).isEqualTo(1);

        ItemGradient c = context("a", 0.4f, 0.5f, 0.5f, -0.5f, 0.1f);
        float[] ctx = bundled.ctx.clone();
        float[] cacc = {bundled.ctxAcc};
        model.contextStep(ctx, cacc, c.coef, c.vector);
        assertThat(side.apply(bundled, BundledGradient.of(c))).isTrue();
        assertThat(bundled.ctx).containsExactly(ctx);
        assertThat(bundled.version).isEqualTo(2);
    }

    @Test
    void theVersionCountsEveryContributionOfABundle() {
        GradientBundle b = new GradientBundle(10, 0);
        for (int i = 0; i < 3; i++) {
            b.add(List.of(target("a", 0.1f, 1, 1, 1, 1, 1), context("a", 0.2f, 1, 1, 1, 1)));
        }
        ItemSide side = new ItemSide(CONFIG, new CategoryCentroids(CONFIG.width()));
        BundledGradient g = b.drain().get(0);
        ItemState s = side.create(g);
        assertThat(side.apply(s, g)).isTrue();
        assertThat(s.version).isEqualTo(6);
    }

    @Test
    void sharedNegativesAreOneSamplePerBundleAndRestoreExactly() {
        NegativeSampler sampler = new NegativeSampler(100, 0);
        for (int i = 0; i < 50; i++) {
            sampler.add("i" + i);
        }
        GradientBundle b = new GradientBundle(3, 5);
        List<String> pool = new ArrayList<>(b.negatives(sampler));
        assertThat(pool).hasSize(5).doesNotHaveDuplicates();
        b.add(List.of());
        assertThat(b.negatives(sampler)).containsExactlyElementsOf(pool);

        GradientBundle restored = new GradientBundle(3, 5);
        long[] counters = b.countersSnapshot();
        restored.restore(b.pendingSnapshot(), b.poolSnapshot(), counters[0], counters[1]);
        assertThat(restored.negatives(sampler)).containsExactlyElementsOf(pool);
        b.add(List.of());
        restored.add(List.of());
        b.add(List.of());
        restored.add(List.of());
        assertThat(b.full()).isTrue();
        assertThat(restored.full()).isTrue();
        b.drain();
        restored.drain();
        List<String> next = new ArrayList<>(b.negatives(sampler));
        assertThat(next).isNotEqualTo(pool);
        assertThat(restored.negatives(sampler)).containsExactlyElementsOf(next);

        List<String> picked = new ArrayList<>();
        NegativeSampler.pick(new java.util.SplittableRandom(1), next, next.get(0), 3, picked);
        assertThat(picked).hasSize(3).doesNotHaveDuplicates().doesNotContain(next.get(0)).isSubsetOf(next);
        assertThat(new GradientBundle(3, 0).negatives(sampler)).isNull();
    }
}

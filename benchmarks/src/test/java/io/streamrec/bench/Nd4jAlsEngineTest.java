package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.model.ImplicitAls;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.JavaAlsEngine;
import org.junit.jupiter.api.Test;

/** The ND4J engine solves the same equations as the Java one: the same factors from the same start. */
class Nd4jAlsEngineTest {
    @Test
    void givesTheJavaEnginesFactors() {
        int d = 8;
        ImplicitAls.Csr[] m = History.synthetic(300, 120, 3000, 5);
        float[] xj = ImplicitAls.init(300, d, 1, 0.1f);
        float[] yj = ImplicitAls.init(120, d, 2, 0.1f);
        float[] xn = xj.clone();
        float[] yn = yj.clone();
        try (JavaAlsEngine java = new JavaAlsEngine(d, 0.1f, 3); Nd4jAlsEngine nd4j = new Nd4jAlsEngine(d, 0.1f, 3)) {
            for (int it = 0; it < 3; it++) {
                java.iterate(m[0], m[1], xj, yj);
                nd4j.iterate(m[0], m[1], xn, yn);
            }
        }
        double size = AlsBench.rms(yj, new float[yj.length]);
        assertThat(size).as("factors moved away from zero").isGreaterThan(0.01);
        assertThat(AlsBench.rms(xj, xn)).isLessThan(1e-3 * size);
        assertThat(AlsBench.rms(yj, yn)).isLessThan(1e-3 * size);
    }
}

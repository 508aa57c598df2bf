package io.streamrec.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEmbedderTest {
    static TextEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = TextEmbedder.load(TextEmbedder.DEFAULT_MODEL);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }

    @Test
    void theModelInTheJarEmbedsTextsAsUnitVectors() {
        float[][] v = embedder.embed(List.of("WHITE HANGING HEART T-LIGHT HOLDER", "RED RETROSPOT CAKE STAND"));
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(v).hasNumberOfRows(2);
        for (float[] row : v) {
            assertThat(row).hasSize(384);
            assertThat(dot(row, row)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void similarProductsAreCloserThanUnrelatedOnes() {
        float[][] v = embedder.embed(List.of("white hanging heart t-light holder", "glass star frosted t-light holder",
                "jumbo bag red retrospot"));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]));
    }

    @Test
    void batchesGiveTheSameVectorsAsSingleTexts() {
        float[][] batch = embedder.embed(List.of("alarm clock bakelike pink", "", "set of 3 cake tins pantry design"));
        assertThat(dot(batch[0], embedder.embed("alarm clock bakelike pink"))).isCloseTo(1.0, within(1e-3));
        assertThat(batch[1]).containsOnly(0f);
        assertThat(dot(batch[2], embedder.embed("set of 3 cake tins pantry design"))).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void anUnknownModelIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> TextEmbedder.load("no-such-model"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content.model");
        assertThatThrownBy(() -> TextEmbedder.load("java.lang.String"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a langchain4j");
    }
}

package io.streamrec.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.config.StreamrecConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTest {
    static final StreamrecConfig CONFIG = StreamrecConfig.defaults();

    static Experiment of(Experiment.Variant... v) {
        return new Experiment("home-2026", "s1", List.of(v), Map.of(), true, null, 1);
    }

    @Test
    void aValidDefinitionHasNoProblems() {
        Experiment e = of(new Experiment.Variant("control", 0.5, "popularity", Map.of()),
                new Experiment.Variant("mmr", 0.5, null, Map.of("rank.mmr-lambda", "0.5")));
        assertThat(e.problems(CONFIG)).isEmpty();
        assertThat(e.variant("mmr").overrides()).containsEntry("rank.mmr-lambda", "0.5");
    }

    @Test
    void everyProblemNamesItsField() {
        Experiment e = new Experiment("bad id!", "", List.of(
                new Experiment.Variant("a", 0.6, null, Map.of("rank.mmr-lambda", "7", "api.max-k", "5", "rank.nope", "1")),
                new Experiment.Variant("a", 0.3, "random", Map.of()),
                new Experiment.Variant("c", 0, null, Map.of())), Map.of("u1", "zzz"), true, "q", 1);
        assertThat(e.problems(CONFIG)).anySatisfy(p -> assertThat(p).startsWith("id:"))
                .anySatisfy(p -> assertThat(p).startsWith("salt:"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[0].overrides.rank.mmr-lambda:"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[0].overrides.api.max-k: only rank.*"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[0].overrides.rank.nope: unknown config key"))
                .anySatisfy(p -> assertThat(p).isEqualTo("variants[1].name: duplicate variant 'a'"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[1].baseline:"))
                .anySatisfy(p -> assertThat(p).startsWith("variants[2].share:"))
                .anySatisfy(p -> assertThat(p).isEqualTo("forced.u1: no variant 'zzz'"))
                .anySatisfy(p -> assertThat(p).isEqualTo("winner: no variant 'q'"));
    }

    @Test
    void sharesMustSumToOne() {
        Experiment e = of(new Experiment.Variant("a", 0.5, null, Map.of()), new Experiment.Variant("b", 0.4, null, Map.of()));
        assertThat(e.problems(CONFIG)).containsExactly("variants: shares sum to 0.9, not 1");
        assertThat(of(new Experiment.Variant("a", 1, null, Map.of())).problems(CONFIG)).containsExactly("variants: 2 to 16 variants");
    }
}

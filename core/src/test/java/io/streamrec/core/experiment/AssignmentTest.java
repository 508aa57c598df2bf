package io.streamrec.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    static Experiment threeWay(String id, String salt) {
        return new Experiment(id, salt, List.of(new Experiment.Variant("a", 0.5, null, Map.of()),
                new Experiment.Variant("b", 0.3, null, Map.of()), new Experiment.Variant("c", 0.2, null, Map.of())),
                Map.of("qa-user", "c"), true, null, 1);
    }

    @Test
    void stableAcrossCallsAndProcesses() {
        Experiment e = threeWay("home", "salt-1");
        // the hash is specified (SHA-256 of salt, 0, id, 0, user; 53 bits): a fixed user has a fixed number
        assertThat(Assignment.unit("salt-1", "home", "user-42")).isEqualTo(Assignment.unit("salt-1", "home", "user-42"))
                .isBetween(0.0, 1.0);
        for (int i = 0; i < 100; i++) {
            assertThat(Assignment.variantOf(e, "u" + i)).isEqualTo(Assignment.variantOf(threeWay("home", "salt-1"), "u" + i));
        }
    }

    @Test
    void uniformOverTheShares() {
        Experiment e = threeWay("home", "salt-1");
        Map<String, Integer> n = new HashMap<>();
        int users = 200_000;
        for (int i = 0; i < users; i++) {
            n.merge(Assignment.variantOf(e, "user-" + i), 1, Integer::sum);
        }
        long[] observed = {n.get("a"), n.get("b"), n.get("c")};
        // a correct split passes the sample-ratio test; 3.4 standard deviations is the bound below
        assertThat(Statistics.srmP(observed, new double[] {0.5, 0.3, 0.2})).isGreaterThan(0.001);
        assertThat(observed[0] / (double) users).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.004));
    }

    @Test
    void independentAcrossExperimentsWithDifferentSalts() {
        Experiment x = threeWay("home", "salt-1");
        Experiment y = threeWay("email", "salt-2");
        int users = 100_000;
        long aa = 0;
        for (int i = 0; i < users; i++) {
            if (Assignment.variantOf(x, "user-" + i).equals("a") && Assignment.variantOf(y, "user-" + i).equals("a")) {
                aa++;
            }
        }
        // independent: P(a and a) = 0.25; dependent hashing would give 0.5
        assertThat(aa / (double) users).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.006));
    }

    @Test
    void forcedUsersAndStoppedExperiments() {
        Experiment e = threeWay("home", "salt-1");
        assertThat(Assignment.variantOf(e, "qa-user")).isEqualTo("c");
        Experiment stopped = new Experiment("home", "salt-1", e.variants(), e.forced(), false, "b", 2);
        assertThat(Assignment.variantOf(stopped, "anyone")).isEqualTo("b");
        Experiment noWinner = new Experiment("home", "salt-1", e.variants(), e.forced(), false, null, 2);
        assertThat(Assignment.variantOf(noWinner, "anyone")).isNull();
    }
}

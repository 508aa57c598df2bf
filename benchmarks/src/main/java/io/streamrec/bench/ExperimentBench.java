package io.streamrec.bench;

import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.experiment.Assignment;
import io.streamrec.core.experiment.Experiment;
import io.streamrec.core.experiment.Statistics;
import io.streamrec.core.model.MfConfig;
import io.streamrec.launcher.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./recsys bench experiment [--dataset NAME] [--k 10] [--every 4] [--repetitions 100] [--json FILE]}:
 * an A/B test simulated on real data. Both rankings learn from the whole log in event time; at every
 * {@code every}-th positive event each shows its top {@code k} to the user before learning it, and the
 * simulated shopper clicks (and buys) the item she buys next in the log when it is shown: k impressions,
 * one click when it is among them. Users are split by the API's own assignment ({@link Assignment}), once
 * per seeded salt:
 * <ul>
 *   <li>A/B, popularity (control) against streamrec: the share of repetitions whose lift is significant at
 *       5 % with the right sign, the median lift and p-values;</li>
 *   <li>A/A, popularity against itself: the share of repetitions significant at 5 % (the false-positive
 *       rate; 5 % is what a correct test gives), with the test the API uses (variances from users, delta
 *       method) and with a per-impression z-test, which wrongly takes one user's impressions as independent.</li>
 * </ul>
 */
final class ExperimentBench {
    private ExperimentBench() {}

    /** One evaluated event: its user and whether each arm's list held the item. */
    record Trial(String user, boolean hitControl, boolean hitTreatment) {}

    static Report run(Path home, Map<String, String> opts) {
        String dataset = opts.getOrDefault("dataset", "online-retail-full");
        int k = Integer.parseInt(opts.getOrDefault("k", "10"));
        int every = Integer.parseInt(opts.getOrDefault("every", "4"));
        int repetitions = Integer.parseInt(opts.getOrDefault("repetitions", "100"));
        List<Event> events = Datasets.load(home, dataset);
        EventWeights weights = EventWeights.defaults();
        Recommender control = new PopularityScenario(168, weights);
        Recommender treatment = new StreamrecScenario("streamrec", MfConfig.defaults(), weights, 1, 20_000, 0.0, 100,
                Integer.parseInt(StreamrecConfig.MF_BUNDLE_EVENTS.defaultValue()),
                Integer.parseInt(StreamrecConfig.MF_BUNDLE_MS.defaultValue()),
                Integer.parseInt(StreamrecConfig.MF_BUNDLE_NEGATIVES.defaultValue()));

        long t0 = System.nanoTime();
        List<Trial> trials = new ArrayList<>();
        Map<String, Integer> seenUsers = new HashMap<>();
        int positive = 0;
        for (Event e : events) {
            if (weights.weight(e) > 0 && seenUsers.containsKey(e.userId) && positive++ % every == 0) {
                trials.add(new Trial(e.userId, control.recommend(e.userId, k, Set.of(), e.ts).contains(e.itemId),
                        treatment.recommend(e.userId, k, Set.of(), e.ts).contains(e.itemId)));
            }
            seenUsers.merge(e.userId, 1, Integer::sum);
            control.learn(e);
            treatment.learn(e);
        }
        double replaySeconds = (System.nanoTime() - t0) / 1e9;

        Report r = new Report("experiment", dataset, events.size());
        r.config.put("k", k);
        r.config.put("evaluate_every", every);
        r.config.put("repetitions", repetitions);
        r.config.put("control", "popularity (decayed, 168 h half-life)");
        r.config.put("treatment", "streamrec (the model's own ranking, shipped defaults)");
        r.put("A/B popularity vs streamrec", ab(trials, k, repetitions, false));
        r.put("A/A popularity vs popularity", ab(trials, k, repetitions, true));
        Map<String, Double> replay = new LinkedHashMap<>();
        replay.put("trials", (double) trials.size());
        replay.put("replay_seconds", replaySeconds);
        r.put("replay", replay);
        return r;
    }

    /**
     * Splits the trials' users 50/50 by each repetition's salt and tests the arms as the API does (variances
     * from users, delta method), and with the per-impression z-test for comparison; {@code aa}: both arms
     * show control's list.
     */
    static Map<String, Double> ab(List<Trial> trials, int k, int repetitions, boolean aa) {
        int right = 0, wrong = 0, naiveSignificant = 0;
        double[] lifts = new double[repetitions];
        double[] ps = new double[repetitions];
        double[] avps = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++) {
            Experiment split = new Experiment("sim", "salt-" + rep, List.of(new Experiment.Variant("a", 0.5, null, Map.of()),
                    new Experiment.Variant("b", 0.5, null, Map.of())), Map.of(), true, null, 0);
            Map<String, long[]> perUser = new HashMap<>(); // {arm 0/1, impressions, clicks}
            long[] impressions = new long[2];
            long[] clicks = new long[2];
            for (Trial t : trials) {
                int arm = Assignment.variantOf(split, t.user()).equals("a") ? 0 : 1;
                boolean hit = arm == 0 || aa ? t.hitControl() : t.hitTreatment();
                impressions[arm] += k;
                clicks[arm] += hit ? 1 : 0;
                long[] u = perUser.computeIfAbsent(t.user(), x -> new long[] {arm, 0, 0});
                u[1] += k;
                u[2] += hit ? 1 : 0;
            }
            Statistics.RatioSums[] sums = ratioSums(perUser.values());
            double z = Statistics.deltaZ(sums[0], sums[1]);
            ps[rep] = Statistics.twoSidedP(z);
            avps[rep] = Statistics.alwaysValidP(sums[0], sums[1], 1e-4);
            double[] lift = Statistics.deltaLift(sums[0], sums[1], Statistics.Z95);
            lifts[rep] = lift == null ? Double.NaN : lift[0];
            if (ps[rep] < 0.05) {
                if (z > 0) {
                    right++;
                } else {
                    wrong++;
                }
            }
            if (Statistics.twoSidedP(Statistics.zStatistic(clicks[0], impressions[0], clicks[1], impressions[1])) < 0.05) {
                naiveSignificant++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("median_lift", median(lifts));
        m.put("median_p", median(ps));
        m.put("median_always_valid_p", median(avps));
        if (aa) {
            m.put("false_positive_rate", (double) (right + wrong) / repetitions);
            m.put("false_positive_rate_per_impression_test", (double) naiveSignificant / repetitions);
        } else {
            m.put("significant_right_sign_share", (double) right / repetitions);
            m.put("significant_wrong_sign_share", (double) wrong / repetitions);
        }
        m.put("nominal_alpha", 0.05);
        return m;
    }

    /** Per arm, the per-user sums of clicks per impression. */
    static Statistics.RatioSums[] ratioSums(Iterable<long[]> users) {
        double[][] sums = new double[2][6];
        for (long[] u : users) {
            double[] a = sums[(int) u[0]];
            double impressions = u[1], clicks = u[2];
            a[0]++;
            a[1] += clicks;
            a[2] += impressions;
            a[3] += clicks * clicks;
            a[4] += impressions * impressions;
            a[5] += clicks * impressions;
        }
        Statistics.RatioSums[] out = new Statistics.RatioSums[2];
        for (int i = 0; i < 2; i++) {
            out[i] = new Statistics.RatioSums((long) sums[i][0], sums[i][1], sums[i][2], sums[i][3], sums[i][4], sums[i][5]);
        }
        return out;
    }

    static double median(double[] xs) {
        double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

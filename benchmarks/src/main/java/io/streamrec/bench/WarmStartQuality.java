package io.streamrec.bench;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.warm.AlsSettings;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.JavaAlsEngine;
import io.streamrec.core.warm.WarmFactors;
import io.streamrec.flink.warm.WarmStates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code ./recsys bench quality --scenarios warm+streamrec [--warm-until DATE] [--warm-iterations N]
 * [--warm-scale S] [--warm-acc A] [--warm-only true] [--warm-replay true]}: what a warm start from history buys. The log is cut at
 * {@code --warm-until} (default: nine calendar months after the first event's month); every scenario
 * is evaluated prequentially on the same events after the cut (recall@10/@20, NDCG@20 as
 * {@link Prequential}; an event is evaluable when its user appeared before it anywhere in the log, the
 * user had not touched the item, and it is positive).
 * <ul>
 *   <li>{@code warm+streamrec}: implicit ALS on the events before the cut, made into the job's state
 *       as {@code ./recsys warm-start} makes it ({@link WarmStates}), then streamrec's online learning on
 *       the rest;</li>
 *   <li>{@code warm+replay+streamrec} ({@code --warm-replay true}): the same start, then the history
 *       once through the online learner before the evaluated part;</li>
 *   <li>{@code streamrec_cold}: streamrec started at the cut with nothing, as a shop without warm start;</li>
 *   <li>{@code streamrec_all_along}: streamrec that learned online over the history too (not evaluated there);</li>
 *   <li>{@code batch_daily}: the nightly ALS baseline, which has seen the history.</li>
 * </ul>
 */
final class WarmStartQuality {
    private WarmStartQuality() {}

    static Report run(String dataset, List<Event> events, Map<String, String> opts, MfConfig mf, EventWeights weights,
                      Supplier<StreamrecScenario> streamrec, Supplier<Recommender> batchDaily) {
        long cut = opts.containsKey("warm-until") ? io.streamrec.flink.warm.WarmStart.parseTime(opts.get("warm-until"))
                : ZonedDateTime.ofInstant(Instant.ofEpochMilli(events.get(0).ts), ZoneOffset.UTC).withDayOfMonth(1)
                .toLocalDate().atStartOfDay(ZoneOffset.UTC).plusMonths(9).toInstant().toEpochMilli();
        AlsSettings d = AlsSettings.defaults(mf.dim());
        AlsSettings als = new AlsSettings(mf.dim(), d.lambda(), d.alpha(),
                Integer.parseInt(opts.getOrDefault("warm-iterations", "" + d.iterations())), d.cgSteps(),
                Float.parseFloat(opts.getOrDefault("warm-scale", "" + d.scale())), d.seed());
        float acc = Float.parseFloat(opts.getOrDefault("warm-acc", "" + WarmStates.DEFAULT_ACC_PER_EVENT));
        List<Event> history = new ArrayList<>();
        List<Event> rest = new ArrayList<>();
        for (Event e : events) {
            (e.ts < cut ? history : rest).add(e);
        }
        Report r = new Report("quality", dataset, events.size());
        r.config.put("warm_until", Instant.ofEpochMilli(cut).toString());
        r.config.put("history_events", history.size());
        r.config.put("evaluated_part_events", rest.size());
        r.config.put("warm_als", Map.of("dim", als.dim(), "lambda", als.lambda(), "alpha", als.alpha(),
                "iterations", als.iterations(), "cg_steps", als.cgSteps(), "scale", als.scale(), "acc_per_event", acc));
        r.config.put("streamrec", mf);

        System.err.printf("  warm+streamrec: ALS on %,d events before %s …%n", history.size(), Instant.ofEpochMilli(cut));
        long t0 = System.nanoTime();
        History h = History.of(history, weights, als.alpha(), cut);
        WarmFactors f = WarmFactors.train(h, als, new JavaAlsEngine(als.dim(), als.lambda(), als.cgSteps()));
        WarmStates states = WarmStates.of(f, mf, history, weights, cut, acc);
        double alsSeconds = (System.nanoTime() - t0) / 1e9;
        StreamrecScenario warm = streamrec.get();
        warm.seed(states.users, states.items);
        Map<String, Double> m = evaluate(warm, List.of(), rest, history, weights);
        m.put("als_seconds", alsSeconds);
        r.put("warm+streamrec", m);

        if (opts.getOrDefault("warm-replay", "false").equals("true")) {
            System.err.println("  warm+replay+streamrec …");
            StreamrecScenario replayed = streamrec.get();
            WarmStates fresh = WarmStates.of(f, mf, history, weights, cut, acc); // the first scenario changed its own
            replayed.seed(fresh.users, fresh.items);
            // the ALS start, then the history once more through the online learner, as if it had run all along
            r.put("warm+replay+streamrec", evaluate(replayed, history, rest, history, weights));
        }
        if (opts.getOrDefault("warm-only", "false").equals("true")) { // tuning runs: the warm scenario alone
            return r;
        }
        System.err.println("  streamrec_cold …");
        r.put("streamrec_cold", evaluate(streamrec.get(), List.of(), rest, history, weights));
        System.err.println("  streamrec_all_along …");
        r.put("streamrec_all_along", evaluate(streamrec.get(), history, rest, history, weights));
        System.err.println("  batch_daily …");
        Recommender batch = batchDaily.get();
        Map<String, Double> b = evaluate(batch, history, rest, history, weights);
        if (batch instanceof BatchDailyScenario bd) {
            b.put("retrains", (double) bd.retrains);
            b.put("train_seconds", bd.trainSeconds);
        }
        r.put("batch_daily", b);
        return r;
    }

    /**
     * Learns {@code learnFirst} without evaluating, then runs test-then-learn over {@code rest}. Whether
     * an event is evaluable depends on the whole log ({@code history} then {@code rest}), not on what the
     * recommender learned, so every scenario is scored on the same events.
     */
    static Map<String, Double> evaluate(Recommender rec, List<Event> learnFirst, List<Event> rest, List<Event> history,
                                        EventWeights weights) {
        Map<String, Set<String>> seen = new HashMap<>();
        for (Event e : history) {
            seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
        }
        for (Event e : learnFirst) {
            rec.learn(e);
        }
        long evaluable = 0, hits10 = 0, hits20 = 0;
        double ndcg = 0;
        long t0 = System.nanoTime();
        for (Event e : rest) {
            Set<String> s = seen.get(e.userId);
            if (s != null && !s.contains(e.itemId) && weights.weight(e) > 0) {
                evaluable++;
                List<String> top = rec.recommend(e.userId, 20, s, e.ts);
                int rank = top.indexOf(e.itemId);
                if (rank >= 0) {
                    hits20++;
                    hits10 += rank < 10 ? 1 : 0;
                    ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
            rec.learn(e);
            seen.computeIfAbsent(e.userId, k -> new HashSet<>()).add(e.itemId);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall@10", evaluable == 0 ? 0 : (double) hits10 / evaluable);
        m.put("recall@20", evaluable == 0 ? 0 : (double) hits20 / evaluable);
        m.put("ndcg@20", evaluable == 0 ? 0 : ndcg / evaluable);
        m.put("evaluable", (double) evaluable);
        m.put("seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }
}

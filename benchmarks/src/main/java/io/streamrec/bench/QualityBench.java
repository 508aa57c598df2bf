package io.streamrec.bench;

import io.streamrec.content.TextEmbedder;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.Loss;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.rank.RankConfig;
import io.streamrec.launcher.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./recsys bench quality --dataset NAME|FILE.jsonl [--protocol in-session|next-visit|all]
 * [--parallelism N] [--scenarios a,b] [--session auto|gap] [--session-gap-minutes 30]
 * [--retrain daily|weekly|every:N] [--json FILE]}: streamrec, its baselines and the ranking ablation
 * ({@code mf_only}, {@code mf+interest}, {@code mf+interest+trending}, {@code full}) on real data, under
 * two protocols, each its own table and JSON section: {@code in-session} ({@link Prequential}:
 * recall@10/@20, NDCG@20, coverage, diversity and novelty at every evaluable event) and
 * {@code next-visit} ({@link NextVisit}: one ranking at the start of each returning user's session,
 * scored against the session's new items and against all its items). Every scenario starts afresh
 * for each protocol, except that a scenario whose ranking leaves no trace
 * ({@link Recommender#rankingLeavesNoTrace}) serves both protocols from one pass over the stream,
 * with the same figures as a pass each. The runs are independent and go {@code --threads} at a time
 * (default: the processors), their figures the same as one at a time.
 */
final class QualityBench {
    static int RANK_CANDIDATES = 200;
    /** Gradient bundles as the job makes them (defaults: the job's), the open time in event time. */
    static int BUNDLE_EVENTS = Integer.parseInt(StreamrecConfig.MF_BUNDLE_EVENTS.defaultValue());
    static long BUNDLE_MS = Integer.parseInt(StreamrecConfig.MF_BUNDLE_MS.defaultValue());
    static int BUNDLE_NEGATIVES = Integer.parseInt(StreamrecConfig.MF_BUNDLE_NEGATIVES.defaultValue());
    static float PUBLISH_DRIFT = Float.parseFloat(StreamrecConfig.MF_PUBLISH_DRIFT.defaultValue());
    static long PUBLISH_DELAY_MS = Long.parseLong(StreamrecConfig.MF_PUBLISH_DELAY_MS.defaultValue());

    static final String IN_SESSION = "in-session";
    static final String NEXT_VISIT = "next-visit";
    static final String DEFAULT_SCENARIOS = "streamrec,full,popularity,isgd,batch_daily,sknn,p_topfreq,gp_topfreq";
    static final List<String> SCENARIOS = List.of("streamrec", "streamrec_long", "streamrec_pointwise",
            "streamrec_bpr", "mf_only", "mf+interest", "mf+interest+trending", "full", "popularity", "popularity_24h",
            "isgd", "batch_daily", "sknn", "sknn_5", "p_topfreq", "gp_topfreq", "full_no_cooc", "cooc_only",
            "full+repeats", "streamrec+text", "buy_again", "full+content", "full+evidence",
            "full_hand_set", "full_learned", "full_cooc_purchases", "full_cooc_purchases_hand_set");
    static final int SKNN_NEIGHBOURS = 100;
    static final int SKNN_SAMPLE = 500;

    private QualityBench() {}

    /**
     * A served-ranking scenario: its co-occurrence (null: none), whether its blend is learned, and what it adds
     * to the ranking before the learned weights are put on.
     */
    record Served(CoOccurrence.Settings cooc, boolean learned, java.util.function.UnaryOperator<RankedScenario> add) {}

    static Recommender ranked(String name, RankConfig config, MfConfig mf, EventWeights weights, int parallelism,
                              int samplerSize, double popShare, long stalenessMs) {
        return new RankedScenario(name, new StreamrecScenario(name + "-model", mf, weights, parallelism, samplerSize,
                popShare, stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES), config, weights, RANK_CANDIDATES);
    }

    static Report run(Path home, Map<String, String> opts) {
        String dataset = opts.getOrDefault("dataset", "online-retail-head");
        int parallelism = Integer.parseInt(opts.getOrDefault("parallelism", "1"));
        long stalenessMs = Long.parseLong(opts.getOrDefault("staleness-ms", "100"));
        List<String> scenarios = List.of(opts.getOrDefault("scenarios", DEFAULT_SCENARIOS).split(","));
        String protocol = opts.getOrDefault("protocol", "all");
        List<String> protocols = switch (protocol) {
            case "all" -> List.of(IN_SESSION, NEXT_VISIT);
            case IN_SESSION, NEXT_VISIT -> List.of(protocol);
            default -> throw new IllegalArgumentException("--protocol is in-session, next-visit or all, got " + protocol);
        };
        Sessions sessionRule = Sessions.of(opts.getOrDefault("session", "auto"),
                Long.parseLong(opts.getOrDefault("session-gap-minutes", "30")) * 60_000L);
        List<Event> events = Datasets.load(home, dataset);
        EventWeights weights = EventWeights.defaults();
        MfConfig mf = MfConfig.defaults();
        if (opts.containsKey("loss")) {
            mf = mf.withLoss(Loss.valueOf(opts.get("loss").toUpperCase()));
        }
        // model overrides, for tuning runs: --lr --l2 --negatives --neg-weight --init-std --dim --fold-in --max-norm
        mf = new MfConfig(Integer.parseInt(opts.getOrDefault("dim", "" + mf.dim())),
                Float.parseFloat(opts.getOrDefault("lr", "" + mf.learningRate())),
                Float.parseFloat(opts.getOrDefault("l2", "" + mf.l2())),
                Integer.parseInt(opts.getOrDefault("negatives", "" + mf.negatives())), mf.loss(),
                Float.parseFloat(opts.getOrDefault("max-norm", "" + mf.maxNorm())), mf.maxGradNorm(),
                Float.parseFloat(opts.getOrDefault("init-std", "" + mf.initStd())),
                Integer.parseInt(opts.getOrDefault("fold-in", "" + mf.foldInEvents())),
                Float.parseFloat(opts.getOrDefault("neg-weight", "" + mf.negativeWeight())),
                Integer.parseInt(opts.getOrDefault("context", "" + mf.contextLength())),
                Float.parseFloat(opts.getOrDefault("context-decay", "" + mf.contextDecay())));
        int samplerSize = 20_000;
        // --bundle-events N --bundle-ms T --bundle-negatives P (1, 0, 0: one update per event and item, as before bundling)
        BUNDLE_EVENTS = Integer.parseInt(opts.getOrDefault("bundle-events", "" + BUNDLE_EVENTS));
        BUNDLE_MS = Long.parseLong(opts.getOrDefault("bundle-ms", "" + BUNDLE_MS));
        BUNDLE_NEGATIVES = Integer.parseInt(opts.getOrDefault("bundle-negatives", "" + BUNDLE_NEGATIVES));
        PUBLISH_DRIFT = Float.parseFloat(opts.getOrDefault("publish-drift", "" + PUBLISH_DRIFT));
        PUBLISH_DELAY_MS = Long.parseLong(opts.getOrDefault("publish-delay-ms", "" + PUBLISH_DELAY_MS));
        double popShare = Double.parseDouble(opts.getOrDefault("pop-share", "0.0"));
        double popularityHalfLife = 168;
        int isgdDim = 64;
        float alsLambda = Float.parseFloat(opts.getOrDefault("als-lambda", "0.1"));
        float alsAlpha = Float.parseFloat(opts.getOrDefault("als-alpha", "2"));
        int alsIterations = 6;
        String retrain = opts.getOrDefault("retrain", "daily");

        Report r = new Report("quality", dataset, events.size());
        r.config.put("parallelism", parallelism);
        r.config.put("staleness_ms", stalenessMs);
        Map<String, Object> model = new java.util.LinkedHashMap<>();
        model.put("dim", mf.dim());
        model.put("loss", mf.loss().name().toLowerCase());
        model.put("learning_rate", mf.learningRate());
        model.put("l2", mf.l2());
        model.put("negatives", mf.negatives());
        model.put("negative_weight", mf.negativeWeight());
        model.put("negative_popularity_share", popShare);
        model.put("sampler_size", samplerSize);
        model.put("fold_in_events", mf.foldInEvents());
        model.put("context_length", mf.contextLength());
        model.put("context_decay", mf.contextDecay());
        model.put("bundle_events", BUNDLE_EVENTS);
        model.put("bundle_ms_event_time", BUNDLE_MS);
        model.put("bundle_negatives", BUNDLE_NEGATIVES);
        model.put("publish_drift", PUBLISH_DRIFT);
        model.put("publish_delay_ms_event_time", PUBLISH_DELAY_MS);
        r.config.put("streamrec", model);
        r.config.put("popularity", Map.of("half_life_hours", popularityHalfLife));
        r.config.put("isgd", Map.of("dim", isgdDim, "learning_rate", 0.05, "l2", 0.01));
        r.config.put("batch_daily", Map.of("dim", 64, "l2", alsLambda, "alpha", alsAlpha, "iterations_per_retrain",
                alsIterations, "cg_steps", 3, "warm_start", true, "retrain", retrain,
                "fallback", "popularity of the last retrain; before the first, decayed popularity (popularity's half-life)"));

        // ranking overrides for tuning: --model-weight --long-weight --trending-weight --short-share --history-events
        // --intensity-events --explore-new --explore-established --mmr-lambda
        RankConfig d = RankConfig.defaults();
        RANK_CANDIDATES = Integer.parseInt(opts.getOrDefault("candidates", "" + RANK_CANDIDATES));
        RankConfig rank = new RankConfig(
                Double.parseDouble(opts.getOrDefault("model-weight", "" + d.modelWeight())),
                Double.parseDouble(opts.getOrDefault("long-weight", "" + d.longWeight())),
                Double.parseDouble(opts.getOrDefault("trending-weight", "" + d.trendingWeight())),
                Double.parseDouble(opts.getOrDefault("short-share", "" + d.shortShare())),
                Double.parseDouble(opts.getOrDefault("history-events", "" + d.historyEvents())),
                Double.parseDouble(opts.getOrDefault("intensity-events", "" + d.intensityEvents())),
                Double.parseDouble(opts.getOrDefault("explore-new", "" + d.exploreNew())),
                Double.parseDouble(opts.getOrDefault("explore-established", "" + d.exploreEstablished())),
                Double.parseDouble(opts.getOrDefault("mmr-lambda", "" + d.mmrLambda())), d.interestFloor());
        r.config.put("protocols", protocols);
        r.config.put("sessions", Map.of("invoice", sessionRule.invoices(), "gap_minutes", sessionRule.gapMs() / 60_000));
        r.config.put("sknn", Map.of("neighbours", SKNN_NEIGHBOURS, "sample", SKNN_SAMPLE, "similarity", "cosine",
                "query", "the user's latest session"));
        r.config.put("rank", rank);
        // co-occurrence and buy again: --cooc-share --repeat-share --cooc-half-life-days --cooc-neighbours
        // --cooc-partners --cooc-shrink (defaults: rank.cooccurrence-share, rank.repeat-share, model.cooc.*)
        double coocShare = Double.parseDouble(opts.getOrDefault("cooc-share",
                StreamrecConfig.RANK_COOCCURRENCE_SHARE.defaultValue()));
        double repeatShare = Double.parseDouble(opts.getOrDefault("repeat-share",
                StreamrecConfig.RANK_REPEAT_SHARE.defaultValue()));
        CoOccurrence.Settings cd = CoOccurrence.Settings.defaults();
        CoOccurrence.Settings cooc = new CoOccurrence.Settings(
                Double.parseDouble(opts.getOrDefault("cooc-half-life-days", "" + cd.halfLifeMillis() / 86_400_000d))
                        * 86_400_000d,
                Integer.parseInt(opts.getOrDefault("cooc-neighbours", "" + cd.maxNeighbours())),
                Integer.parseInt(opts.getOrDefault("cooc-partners", "" + cd.maxPartners())), cd.basketGapMillis(),
                Double.parseDouble(opts.getOrDefault("cooc-shrink", "" + cd.shrink())));
        int viewPartners = Integer.parseInt(opts.getOrDefault("cooc-view-partners", "" + cd.viewPartners()));
        r.config.put("cooccurrence", Map.of("share", coocShare, "half_life_days", cooc.halfLifeMillis() / 86_400_000d,
                "max_neighbours", cooc.maxNeighbours(), "max_partners", cooc.maxPartners(),
                "basket_gap_minutes", cooc.basketGapMillis() / 60_000, "shrink", cooc.shrink(),
                "view_partners", viewPartners,
                "query_items", CoOccurrence.QUERY_ITEMS, "candidates", CoOccurrence.CANDIDATES));
        // baskets of every positive event, as model.cooc.events = positive fills them in the job
        CoOccurrence.Settings coocViews = new CoOccurrence.Settings(cooc.halfLifeMillis(), cooc.maxNeighbours(),
                cooc.maxPartners(), cooc.basketGapMillis(), cooc.shrink(), true, viewPartners);
        r.config.put("repeat_share", repeatShare);
        // learned blends: how many runners-up a served list carries (--blend-runners-up; rank.blend-runners-up)
        int blendRunnersUp = Integer.parseInt(opts.getOrDefault("blend-runners-up",
                StreamrecConfig.RANK_BLEND_RUNNERS_UP.defaultValue()));
        r.config.put("blend_runners_up", blendRunnersUp);
        // full+evidence: full with evidence-aware model scores, κ of u/(u+κ) (--item-evidence, default 10)
        double itemEvidence = Double.parseDouble(opts.getOrDefault("item-evidence", "10"));
        if (scenarios.contains("full+evidence")) {
            r.config.put("item_evidence", itemEvidence);
        }
        r.config.put("rank_candidates", RANK_CANDIDATES);
        if (scenarios.contains("warm+streamrec")) { // its own protocol: a cut, then the same evaluated events for all
            MfConfig warmMf = mf;
            return WarmStartQuality.run(dataset, events, opts, warmMf, weights,
                    () -> new StreamrecScenario("streamrec", warmMf, weights, parallelism, samplerSize, popShare, stalenessMs,
                            BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES),
                    () -> new BatchDailyScenario(64, alsLambda, alsAlpha, alsIterations, weights, retrain,
                            popularityHalfLife));
        }
        MfConfig mfc = mf;
        // full+content: full with the content score (--content-share, default rank.content-share)
        double contentShare = Double.parseDouble(opts.getOrDefault("content-share",
                StreamrecConfig.RANK_CONTENT_SHARE.defaultValue()));
        TextStarts texts = scenarios.contains("streamrec+text") || scenarios.contains("full+content")
                ? TextStarts.embed(home, dataset, opts.getOrDefault("text-model", TextEmbedder.DEFAULT_MODEL)) : null;
        if (texts != null) {
            r.config.put("text", texts.describe());
            r.config.put("content_share", contentShare);
        }
        // the served ranking as shipped (full): co-occurrence from the events model.cooc.events names
        // (--cooc-events purchases|positive) and the blend rank.blend names (--blend learned|hand-set); the
        // full_* ablations change one of the two, full+* add a part to the shipped ranking
        CoOccurrence.Settings coocShipped = "positive".equals(opts.getOrDefault("cooc-events",
                StreamrecConfig.COOC_EVENTS.defaultValue())) ? coocViews : cooc;
        boolean learnedShipped = "learned".equals(opts.getOrDefault("blend", StreamrecConfig.RANK_BLEND.defaultValue()));
        r.config.put("cooc_events", coocShipped.everyPositiveEvent() ? "positive" : "purchases");
        r.config.put("blend", learnedShipped ? "learned" : "hand-set");
        java.util.function.BiFunction<String, Served, Recommender> served = (name, how) -> {
            RankedScenario rs = (RankedScenario) ranked(name, rank, mfc, weights, parallelism, samplerSize, popShare,
                    stalenessMs);
            if (how.cooc() != null) {
                rs = rs.withCooccurrence(new CoOccurrence(how.cooc()), coocShare);
            }
            rs = how.add().apply(rs);
            return how.learned() ? rs.withLearnedBlend(io.streamrec.core.rank.BlendLearner.defaults(), blendRunnersUp) : rs;
        };
        java.util.function.Function<String, Recommender> create = name -> switch (name) {
            case "streamrec+text" -> new StreamrecScenario(name, mfc, weights, parallelism, samplerSize, popShare,
                    stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES).withTextStarts(texts.space());
            case "streamrec" -> new StreamrecScenario("streamrec", mfc, weights, parallelism, samplerSize, popShare, stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES);
            case "streamrec_long" -> new StreamrecScenario(name, mfc, weights, parallelism, samplerSize, popShare,
                    stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES).longTermOnly();
            case "streamrec_pointwise" -> new StreamrecScenario(name, mfc.withLoss(Loss.POINTWISE), weights,
                    parallelism, samplerSize, popShare, stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES);
            case "streamrec_bpr" -> new StreamrecScenario(name, mfc.withLoss(Loss.BPR), weights, parallelism,
                    samplerSize, popShare, stalenessMs, BUNDLE_EVENTS, BUNDLE_MS, BUNDLE_NEGATIVES);
            case "mf_only" -> ranked(name, RankConfig.modelOnly(), mfc, weights, parallelism, samplerSize, popShare, stalenessMs);
            case "mf+interest" -> ranked(name, rank.withoutTrending().withoutExploration().withoutDiversity(), mfc,
                    weights, parallelism, samplerSize, popShare, stalenessMs);
            case "mf+interest+trending" -> ranked(name, rank.withoutExploration().withoutDiversity(), mfc, weights,
                    parallelism, samplerSize, popShare, stalenessMs);
            case "full" -> served.apply(name, new Served(coocShipped, learnedShipped, x -> x));
            case "full_hand_set" -> served.apply(name, new Served(coocShipped, false, x -> x));
            case "full_learned" -> served.apply(name, new Served(coocShipped, true, x -> x));
            case "full_cooc_purchases" -> served.apply(name, new Served(cooc, learnedShipped, x -> x));
            case "full_cooc_purchases_hand_set" -> served.apply(name, new Served(cooc, false, x -> x));
            case "full+content" -> served.apply(name, new Served(coocShipped, learnedShipped,
                    rs -> rs.withContent(texts.space(), contentShare)));
            case "full+evidence" -> served.apply(name, new Served(coocShipped, learnedShipped,
                    rs -> rs.withItemEvidence(itemEvidence)));
            case "full+repeats" -> served.apply(name, new Served(coocShipped, learnedShipped,
                    rs -> rs.withRepeats(repeatShare)));
            case "full_no_cooc" -> served.apply(name, new Served(null, learnedShipped, x -> x));
            case "cooc_only" -> ((RankedScenario) ranked(name, rank, mfc, weights, parallelism, samplerSize, popShare,
                    stalenessMs)).withCooccurrence(new CoOccurrence(coocShipped), 1.0);
            case "popularity" -> new PopularityScenario(popularityHalfLife, weights);
            case "popularity_24h" -> new PopularityScenario(name, 24, weights);
            case "isgd" -> new IsgdScenario(isgdDim, 0.05f, 0.01f, weights);
            case "batch_daily" -> new BatchDailyScenario(64, alsLambda, alsAlpha, alsIterations, weights, retrain,
                    popularityHalfLife);
            case "sknn" -> new SknnScenario(name, SKNN_NEIGHBOURS, SKNN_SAMPLE, 1, sessionRule, weights);
            case "sknn_5" -> new SknnScenario(name, SKNN_NEIGHBOURS, SKNN_SAMPLE, 5, sessionRule, weights);
            case "p_topfreq" -> TopFreqScenario.personal(weights);
            case "gp_topfreq" -> TopFreqScenario.withGlobal(weights);
            case "buy_again" -> new BuyAgainScenario(io.streamrec.core.model.Repurchase.defaults());
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s.trim())) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + String.join(",", SCENARIOS));
            }
        }
        // every (protocol, scenario) run is independent: --threads of them at a time, results in order
        int threads = Integer.parseInt(opts.getOrDefault("threads", "" + Runtime.getRuntime().availableProcessors()));
        r.config.put("threads", threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads));
        Map<String, java.util.concurrent.Future<Map<String, Map<String, Double>>>> runs = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        // the longest runs first, so that the last ones to finish are short (results keep the scenarios' order)
        List<String> byCost = new ArrayList<>(scenarios);
        byCost.sort(java.util.Comparator.comparingInt(s -> s.startsWith("mf") || s.startsWith("full") || s.startsWith("cooc") ? 0
                : s.startsWith("batch") || s.startsWith("sknn") ? 1 : 2));
        for (String s : byCost) {
            Recommender probe = create.apply(s.trim());
            List<String> passes = probe.rankingLeavesNoTrace() ? List.of(String.join("+", protocols)) : protocols;
            for (String pass : passes) {
                List<String> ps = List.of(pass.split("\\+"));
                runs.put(pass + "\t" + s.trim(), pool.submit(() -> {
                    Recommender rec = create.apply(s.trim());
                    System.err.printf("  %s %s …%n", pass, rec.name());
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    Prequential in = ps.contains(IN_SESSION) ? new Prequential(rec, weights) : null;
                    NextVisit next = ps.contains(NEXT_VISIT) ? new NextVisit(rec, weights, sessionRule) : null;
                    long t1 = System.nanoTime();
                    for (Event e : events) {
                        if (in != null) {
                            in.before(e);
                        }
                        if (next != null) {
                            next.before(e);
                        }
                        rec.learn(e);
                        if (in != null) {
                            in.after(e);
                        }
                        if (next != null) {
                            next.after(e);
                        }
                    }
                    double secs = (System.nanoTime() - t1) / 1e9;
                    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    Map<String, Map<String, Double>> out = new java.util.LinkedHashMap<>();
                    if (in != null) {
                        out.put(IN_SESSION, in.result(secs));
                    }
                    if (next != null) {
                        out.put(NEXT_VISIT, next.result(secs));
                    }
                    for (Map<String, Double> m : out.values()) {
                        m.put("cpu_seconds", cpu);
                        if (ps.size() > 1) {
                            m.put("pass_shared", 1.0); // one pass for both protocols: its time is theirs together
                        }
                        if (rec instanceof BatchDailyScenario b) {
                            m.put("retrains", (double) b.retrains);
                            m.put("train_seconds", b.trainSeconds);
                        }
                    }
                    System.err.printf("  %s %s done: %.1f s (%.1f s CPU)%n", pass, rec.name(), secs, cpu);
                    if (rec instanceof RankedScenario rs && rs.learner() != null) {
                        // where the learned weights ended, per segment: model, short, long, trending, co-occurrence, content
                        System.err.printf("  %s %s learned blend weights:%n%s", pass, rec.name(), rs.learner());
                    }
                    return out;
                }));
            }
        }
        pool.shutdown();
        try {
            Map<String, Map<String, Map<String, Double>>> got = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, java.util.concurrent.Future<Map<String, Map<String, Double>>>> e : runs.entrySet()) {
                String scenario = e.getKey().split("\t")[1];
                e.getValue().get().forEach((protocol0, m) ->
                        got.computeIfAbsent(protocol0, k -> new java.util.LinkedHashMap<>()).put(scenario, m));
            }
            for (String protocol0 : protocols) {
                for (String scenario : scenarios) {
                    r.put(protocol0, scenario.trim(), got.get(protocol0).get(scenario.trim()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        r.config.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return r;
    }
}

package io.streamrec.api.experiment;

import io.javalin.http.HttpStatus;
import io.streamrec.api.Bodies;
import io.streamrec.api.error.ApiError;
import io.streamrec.api.error.ApiException;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.experiment.Assignment;
import io.streamrec.core.experiment.Experiment;
import io.streamrec.core.experiment.Metric;
import io.streamrec.core.experiment.Statistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/** Experiments: define, start, stop, assign, and their results with their statistics. */
public final class ExperimentService {
    /** Variance of the normal mixture over the difference of rates in the always-valid test (a 1-point effect scale). */
    static final double MIXTURE_VARIANCE = 1e-4;
    /** Sample-ratio p-values below this flag the experiment as broken. */
    static final double SRM_ALARM = 0.001;

    private final ExperimentStore store;
    private final StreamrecConfig config;
    private final LongSupplier clock;

    public ExperimentService(ExperimentStore store, StreamrecConfig config, LongSupplier clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Creates or replaces experiment {@code id}; 400 naming every bad field. */
    public ExperimentView put(String id, byte[] body) {
        List<String> problems = new ArrayList<>();
        Experiment held = store.all().get(id);
        Experiment e = ExperimentJson.read(id, Bodies.json(body, "an experiment object"),
                held != null ? held.salt() : UUID.randomUUID().toString(), clock.getAsLong(), problems);
        if (e != null) {
            problems.addAll(e.problems(config));
        }
        if (!problems.isEmpty()) {
            List<ApiError.Rejected> rejected = new ArrayList<>();
            for (int i = 0; i < problems.size(); i++) {
                rejected.add(new ApiError.Rejected(i, problems.get(i)));
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid experiment: " + String.join("; ", problems), rejected, null);
        }
        store.put(e);
        return ExperimentView.of(e);
    }

    public ExperimentView get(String id) {
        return ExperimentView.of(find(id));
    }

    public List<ExperimentView> list() {
        return store.all().values().stream().map(ExperimentView::of).toList();
    }

    /** Starts (again) or stops an experiment; a stopped one serves {@code winner} (null: the default ranking). */
    public ExperimentView setRunning(String id, boolean running, String winner) {
        Experiment e = find(id);
        Experiment changed = new Experiment(e.id(), e.salt(), e.variants(), e.forced(), running,
                running ? null : winner, clock.getAsLong());
        List<String> problems = changed.problems(config);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        store.put(changed);
        return ExperimentView.of(changed);
    }

    /** The variant {@code userId} gets (null: the default ranking). */
    public String variantOf(String id, String userId) {
        return Assignment.variantOf(find(id), userId);
    }

    public ExperimentResults results(String id) {
        Experiment e = find(id);
        Map<String, String> raw = store.counts(id);
        Map<String, String> lowest = store.lowestAlwaysValidP(id);
        Map<String, String> lower = new HashMap<>();
        String control = e.variant("control") != null ? "control" : e.variants().get(0).name();
        double[] c = totals(raw, control);
        long[] users = new long[e.variants().size()];
        double[] shares = new double[e.variants().size()];
        List<ExperimentResults.VariantResult> out = new ArrayList<>();
        for (int i = 0; i < e.variants().size(); i++) {
            Experiment.Variant v = e.variants().get(i);
            double[] t = totals(raw, v.name());
            users[i] = (long) t[Metric.USERS.ordinal()];
            shares[i] = v.share();
            boolean isControl = v.name().equals(control);
            out.add(new ExperimentResults.VariantResult(v.name(), v.share(), users[i], n(t, Metric.IMPRESSIONS),
                    n(t, Metric.CLICKS), n(t, Metric.ADD_TO_CARTS), n(t, Metric.PURCHASES), t[Metric.REVENUE.ordinal()],
                    n(t, Metric.UNATTRIBUTED), rate(t, Metric.CLICKS), rate(t, Metric.PURCHASES),
                    isControl ? null : compare(c, t, Metric.CLICKS, v.name(), lowest, lower),
                    isControl ? null : compare(c, t, Metric.PURCHASES, v.name(), lowest, lower)));
        }
        store.recordAlwaysValidP(id, lower);
        double srm = Statistics.srmP(users, shares);
        return new ExperimentResults(id, e.running(), control, srm, srm < SRM_ALARM, out);
    }

    private Experiment find(String id) {
        Experiment e = store.all().get(id);
        if (e == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no experiment '" + id + "'");
        }
        return e;
    }

    private static double[] totals(Map<String, String> raw, String variant) {
        double[] t = new double[Metric.values().length];
        for (Metric m : Metric.values()) {
            String v = raw.get(variant + "." + m.wireName());
            t[m.ordinal()] = v == null ? 0 : Double.parseDouble(v);
        }
        return t;
    }

    private static long n(double[] t, Metric m) {
        return (long) t[m.ordinal()];
    }

    /** The per-user sums of a rate per impression ({@code m}: clicks or purchases), for the delta method. */
    static Statistics.RatioSums sums(double[] t, Metric m) {
        boolean clicks = m == Metric.CLICKS;
        return new Statistics.RatioSums(n(t, Metric.USERS), t[m.ordinal()], t[Metric.IMPRESSIONS.ordinal()],
                t[(clicks ? Metric.CLICKS_SQ : Metric.PURCHASES_SQ).ordinal()], t[Metric.IMPRESSIONS_SQ.ordinal()],
                t[(clicks ? Metric.CLICKS_X_IMPRESSIONS : Metric.PURCHASES_X_IMPRESSIONS).ordinal()]);
    }

    private static ExperimentResults.Rate rate(double[] t, Metric m) {
        Statistics.RatioSums s = sums(t, m);
        Statistics.Interval i = Statistics.deltaInterval(s, Statistics.Z95);
        return new ExperimentResults.Rate(s.rate(), i.low(), i.high());
    }

    private static ExperimentResults.Comparison compare(double[] control, double[] t, Metric m, String variant,
                                                        Map<String, String> lowest, Map<String, String> lower) {
        Statistics.RatioSums a = sums(control, m);
        Statistics.RatioSums b = sums(t, m);
        double[] lift = Statistics.deltaLift(a, b, Statistics.Z95);
        double p = Statistics.twoSidedP(Statistics.deltaZ(a, b));
        String key = variant + "." + m.wireName();
        double avp = Statistics.alwaysValidP(a, b, MIXTURE_VARIANCE);
        String seen = lowest.get(key);
        if (seen != null && Double.parseDouble(seen) <= avp) {
            avp = Double.parseDouble(seen);
        } else {
            lower.put(key, Double.toString(avp));
        }
        return new ExperimentResults.Comparison(lift == null ? null : lift[0], lift == null ? null : lift[1],
                lift == null ? null : lift[2], p, avp);
    }

    /** The running experiments with the variant {@code userId} is in, for ranking and the response. */
    public Map<String, String> assignments(String userId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Experiment e : store.running()) {
            out.put(e.id(), Assignment.variantOf(e, userId));
        }
        return out;
    }
}

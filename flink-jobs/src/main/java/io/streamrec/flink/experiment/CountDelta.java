package io.streamrec.flink.experiment;

/** What one event adds to one count of one variant. A Flink POJO. */
public class CountDelta {
    public String experiment;
    public String variant;
    /** {@link io.streamrec.core.experiment.Metric} ordinal. */
    public int metric;
    public double amount;

    public CountDelta() {}

    public CountDelta(String experiment, String variant, int metric, double amount) {
        this.experiment = experiment;
        this.variant = variant;
        this.metric = metric;
        this.amount = amount;
    }
}

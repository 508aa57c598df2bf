package io.streamrec.flink.experiment;

/** One variant's counts so far, by {@link io.streamrec.core.experiment.Metric} ordinal. A Flink POJO. */
public class VariantTotals {
    public String experiment;
    public String variant;
    public double[] values;

    public VariantTotals() {}

    public VariantTotals(String experiment, String variant, double[] values) {
        this.experiment = experiment;
        this.variant = variant;
        this.values = values;
    }
}

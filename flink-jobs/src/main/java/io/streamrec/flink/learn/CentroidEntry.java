package io.streamrec.flink.learn;

/** Checkpoint form of one category centroid (a Flink POJO). */
public class CentroidEntry {
    public String category;
    public double[] sum;
    public long count;

    public CentroidEntry() {}

    public CentroidEntry(String category, double[] sum, long count) {
        this.category = category;
        this.sum = sum;
        this.count = count;
    }
}

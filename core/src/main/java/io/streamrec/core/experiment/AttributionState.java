package io.streamrec.core.experiment;

import java.util.ArrayList;
import java.util.List;

/** One user's recent impressions and counts per experiment. A Flink POJO. */
public class AttributionState {
    /** Oldest first. */
    public List<Impression> impressions = new ArrayList<>();
    /** Per experiment the user was shown: the user's own counts (for the per-user sums of squares). */
    public List<Tally> tallies = new ArrayList<>();

    /** One user's counts in one experiment. A Flink POJO. */
    public static class Tally {
        public String experiment;
        public String variant;
        public long impressions;
        public long clicks;
        public long purchases;

        public Tally() {}

        Tally(String experiment, String variant) {
            this.experiment = experiment;
            this.variant = variant;
        }
    }

    Tally tally(String experiment) {
        for (Tally t : tallies) {
            if (t.experiment.equals(experiment)) {
                return t;
            }
        }
        return null;
    }

    /** One item shown in one response. A Flink POJO. */
    public static class Impression {
        public String recId;
        public String experiment;
        public String variant;
        public String itemId;
        public long ts;
        public boolean clicked;
        public boolean carted;
        public boolean purchased;

        public Impression() {}

        Impression(RecId rec, String itemId, long ts) {
            this.recId = rec.toString();
            this.experiment = rec.experiment();
            this.variant = rec.variant();
            this.itemId = itemId;
            this.ts = ts;
        }
    }
}

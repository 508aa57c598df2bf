package io.streamrec.core.experiment;

import java.util.ArrayList;
import java.util.List;

/** One user's recent impressions and the experiments the user was counted in. A Flink POJO. */
public class AttributionState {
    /** Oldest first. */
    public List<Impression> impressions = new ArrayList<>();
    /** Experiments whose user count includes this user. */
    public List<String> counted = new ArrayList<>();

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

package io.streamrec.flink.blend;

import io.streamrec.core.rank.BlendLearner;
import io.streamrec.core.rank.ServedList;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ServedList} as a Flink POJO (arrays, no generic types): the stream element and the per-user
 * state of {@link BlendFeedbackFunction}. {@code parts} holds {@link BlendLearner#N} parts per item, in order.
 */
public class ServedListRecord {
    public String userId;
    public long ts;
    public long weightsVersion;
    public String[] itemIds;
    public int[] segments;
    public double[] parts;
    /** When the job took the list (processing time), for the timer that clears it; 0 before. */
    public long arrivedAt;

    public ServedListRecord() {}

    public static ServedListRecord of(ServedList l) {
        ServedListRecord r = new ServedListRecord();
        r.userId = l.userId();
        r.ts = l.ts();
        r.weightsVersion = l.weightsVersion();
        int n = l.items().size();
        r.itemIds = new String[n];
        r.segments = new int[n];
        r.parts = new double[n * BlendLearner.N];
        for (int i = 0; i < n; i++) {
            ServedList.Item item = l.items().get(i);
            r.itemIds[i] = item.itemId();
            r.segments[i] = item.segment();
            System.arraycopy(item.parts(), 0, r.parts, i * BlendLearner.N, BlendLearner.N);
        }
        return r;
    }

    /** A copy that owns its arrays, taken at {@code arrivedAt}. */
    public ServedListRecord copy(long arrivedAt) {
        ServedListRecord r = new ServedListRecord();
        r.userId = userId;
        r.ts = ts;
        r.weightsVersion = weightsVersion;
        r.itemIds = itemIds.clone();
        r.segments = segments.clone();
        r.parts = parts.clone();
        r.arrivedAt = arrivedAt;
        return r;
    }

    public ServedList toList() {
        List<ServedList.Item> items = new ArrayList<>(itemIds.length);
        for (int i = 0; i < itemIds.length; i++) {
            double[] p = new double[BlendLearner.N];
            System.arraycopy(parts, i * BlendLearner.N, p, 0, BlendLearner.N);
            items.add(new ServedList.Item(itemIds[i], segments[i], p));
        }
        return new ServedList(userId, ts, null, weightsVersion, items);
    }
}

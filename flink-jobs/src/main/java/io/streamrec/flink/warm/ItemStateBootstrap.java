package io.streamrec.flink.warm;

import io.streamrec.flink.learn.CentroidEntry;
import io.streamrec.flink.learn.ItemLearnerFunction;
import io.streamrec.flink.learn.ItemState;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Writes each item's warm state as the item learner's keyed value state ({@link ItemLearnerFunction}:
 * "item") and, as its operator list state "category-centroids", the category centroids over the warm
 * vectors (written by the first subtask only, so each category appears once).
 */
public class ItemStateBootstrap extends KeyedStateBootstrapFunction<String, ItemSeed> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    // as plain arrays: the function is shipped serialized, and the state's POJO is not Serializable
    private final String[] categories;
    private final double[][] sums;
    private final long[] counts;
    private transient ValueState<ItemState> state;
    private transient ListState<CentroidEntry> centroidState;

    public ItemStateBootstrap(List<CentroidEntry> centroids) {
        this.categories = new String[centroids.size()];
        this.sums = new double[centroids.size()][];
        this.counts = new long[centroids.size()];
        for (int i = 0; i < categories.length; i++) {
            categories[i] = centroids.get(i).category;
            sums[i] = centroids.get(i).sum;
            counts[i] = centroids.get(i).count;
        }
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>(ItemLearnerFunction.ITEM_STATE, ItemState.class));
    }

    @Override
    public void processElement(ItemSeed seed, Context ctx) throws Exception {
        state.update(seed.state);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        centroidState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(ItemLearnerFunction.CENTROID_STATE, CentroidEntry.class));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            List<CentroidEntry> entries = new ArrayList<>(categories.length);
            for (int i = 0; i < categories.length; i++) {
                entries.add(new CentroidEntry(categories[i], sums[i], counts[i]));
            }
            centroidState.update(entries);
        } else {
            centroidState.clear();
        }
    }
}

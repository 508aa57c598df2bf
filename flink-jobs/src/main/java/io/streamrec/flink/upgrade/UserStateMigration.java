package io.streamrec.flink.upgrade;

import io.streamrec.flink.JobSettings;
import io.streamrec.flink.SavepointTool;
import io.streamrec.flink.StreamrecJob;
import io.streamrec.flink.warm.WarmSavepoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code ./recsys migrate-savepoint --from SAVEPOINT --to DIR [--<config key> value …]}: turns a savepoint
 * (or retained checkpoint) of a job that kept a user's state in three operators ({@code user-learner},
 * {@code recent-items}, {@code basket-pairs}), or a warm start of that job, into one of this job, where
 * {@code user-learner} keeps all of it in one keyed value per user ({@code UserProfile}). With the State
 * Processor API it reads the three operators' keyed state (and the open baskets' timers), joins it per
 * user, writes it under {@code user-learner} with the old user learner's operator state (the negative
 * sampler, the open gradient bundle) and copies every other operator's state as it is. The savepoint is
 * written beside {@code DIR} and moved there once complete. Configuration keys are read as the job reads
 * them: {@code model.recent.ttl-days} must be the old job's (whether its recent items had a time to live).
 */
public final class UserStateMigration {
    /** The former per-user operators whose state moves into {@code user-learner}. */
    static final String RECENT_ITEMS_UID = "recent-items";
    static final String BASKET_PAIRS_UID = "basket-pairs";
    /** The old user learner's operator state (PackedListState arrays): kept as it is. */
    static final List<String> LEARNER_OPERATOR_STATE = List.of("negative-sampler.packed", "negative-sampler-order.packed",
            "gradient-bundle.packed", "gradient-bundle-negatives.packed", "gradient-bundle-counters.packed");

    /** What a run did. */
    public record Result(String savepoint, long users, boolean recentItems, boolean baskets) {}

    private UserStateMigration() {}

    public static void main(String[] args) {
        SavepointTool.main("migrate-savepoint", () -> run(args, System.out).savepoint());
    }

    public static Result run(String[] args, PrintStream log) throws Exception {
        SavepointTool.Arguments arguments = SavepointTool.parse(args, List.of("from", "to"));
        Map<String, String> opts = arguments.options();
        if (!opts.containsKey("from") || !opts.containsKey("to")) {
            throw new IllegalArgumentException("usage: migrate-savepoint --from SAVEPOINT --to DIR [--<config key> value …]");
        }
        JobSettings job = arguments.job();
        String from = opts.get("from");
        Map<OperatorID, OperatorState> present = SavepointLoader.loadSavepointMetadata(from).getOperatorStates().stream()
                .collect(Collectors.toMap(OperatorState::getOperatorID, o -> o));
        OperatorIdentifier learner = OperatorIdentifier.forUid(StreamrecJob.USER_LEARNER_UID);
        OperatorState learnerState = present.get(learner.getOperatorId());
        if (learnerState == null) {
            throw new IllegalArgumentException(from + " has no user-learner state: not a savepoint of the streamrec job");
        }
        // the old user learner's operator state, by name (a warm start's has none)
        Set<String> learnerOperatorState = operatorStateNames(learnerState);
        boolean recent = present.containsKey(OperatorIdentifier.forUid(RECENT_ITEMS_UID).getOperatorId());
        boolean baskets = present.containsKey(OperatorIdentifier.forUid(BASKET_PAIRS_UID).getOperatorId());
        long ttl = job.recentTtlSeconds();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        // RocksDB reads both a canonical savepoint and the RocksDB backend's own (native) snapshots
        SavepointReader reader = SavepointReader.read(env, from, new EmbeddedRocksDBStateBackend());
        LinkedHashMap<String, ArrayList<byte[]>> operatorState = new LinkedHashMap<>();
        for (String name : LEARNER_OPERATOR_STATE) {
            if (learnerOperatorState.contains(name)) {
                operatorState.put(name, collect(reader.readListState(learner, name,
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
            }
        }
        DataStream<UserPart> parts = reader.readKeyedState(learner, new UserPartReader(UserPartReader.Kind.LEARNER, ttl));
        if (recent) {
            parts = parts.union(reader.readKeyedState(OperatorIdentifier.forUid(RECENT_ITEMS_UID),
                    new UserPartReader(UserPartReader.Kind.RECENT, ttl)));
        }
        if (baskets) {
            parts = parts.union(reader.readKeyedState(OperatorIdentifier.forUid(BASKET_PAIRS_UID),
                    new UserPartReader(UserPartReader.Kind.BASKET, ttl)));
        }
        final DataStream<UserPart> all = parts;
        String uri = WarmSavepoint.writeAtomically(Path.of(opts.get("to")), partial -> {
            SavepointWriter w = SavepointWriter.fromExistingSavepoint(env, from, new HashMapStateBackend())
                    .removeOperator(learner);
            if (recent) {
                w = w.removeOperator(OperatorIdentifier.forUid(RECENT_ITEMS_UID));
            }
            if (baskets) {
                w = w.removeOperator(OperatorIdentifier.forUid(BASKET_PAIRS_UID));
            }
            w.withOperator(learner, OperatorTransformation.bootstrapWith(all)
                            .keyBy(p -> p.userId, Types.STRING)
                            .transform(new UserProfileBootstrap(ttl, operatorState)))
                    .write(partial);
            env.execute("streamrec-migrate-user-state");
        });
        long users = count(SavepointReader.read(env, uri, new HashMapStateBackend())
                .readKeyedState(learner, new ProfileKeys(ttl)));
        log.printf("migrate-savepoint: %,d users' state joined under user-learner (%s%s) at %s%n", users,
                recent ? "with recent items" : "no recent-items state", baskets ? ", with baskets" : ", no basket-pairs state", uri);
        return new Result(uri, users, recent, baskets);
    }

    /** The names of an operator's managed operator state in a savepoint's metadata (of all its subtasks). */
    public static Set<String> operatorStateNames(OperatorState operator) {
        return operator.getSubtaskStates().values().stream()
                .flatMap(t -> t.getManagedOperatorState().stream())
                .flatMap(h -> h.getStateNameToPartitionOffsets().keySet().stream())
                .collect(Collectors.toSet());
    }

    private static <T> ArrayList<T> collect(DataStream<T> s) throws Exception {
        ArrayList<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = s.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static long count(DataStream<String> s) throws Exception {
        return collect(s).size();
    }
}

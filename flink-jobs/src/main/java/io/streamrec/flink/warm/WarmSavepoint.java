package io.streamrec.flink.warm;

import io.streamrec.flink.StreamrecJob;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes {@link WarmStates} as a savepoint of the streaming job with the State Processor API: the
 * user learner's and the item learner's state under their operator uids, with the job's maximum
 * parallelism (its key groups). The savepoint is written beside {@code dir} under a temporary name
 * and moved to {@code dir} only once complete, so a failed run leaves no partial savepoint.
 */
public final class WarmSavepoint {
    private WarmSavepoint() {}

    /**
     * Writes the savepoint into {@code dir}, which must not exist yet or be empty; returns its URI. The users'
     * values have the job's time to live of a user ({@code model.recent.ttl-days} in seconds, 0 = none).
     */
    public static String write(WarmStates states, Path dir, int maxParallelism, int parallelism, long userTtlSeconds)
            throws Exception {
        return writeAtomically(dir, partial -> {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            env.setParallelism(parallelism);
            StateBackend backend = new HashMapStateBackend(); // a canonical savepoint: any backend restores it
            SavepointWriter.newSavepoint(env, backend, maxParallelism)
                    .withOperator(OperatorIdentifier.forUid(StreamrecJob.USER_LEARNER_UID), users(env, states.users, userTtlSeconds))
                    .withOperator(OperatorIdentifier.forUid(StreamrecJob.ITEM_LEARNER_UID), items(env, states))
                    .write(partial);
            env.execute("streamrec-warm-start");
        });
    }

    /** Writes a savepoint to the URI it is given. */
    @FunctionalInterface
    public interface SavepointJob {
        void write(String uri) throws Exception;
    }

    /**
     * Runs {@code job} on a directory beside {@code dir} and moves that to {@code dir} once it holds a
     * complete savepoint (its {@code _metadata}); {@code dir} must not exist yet or be empty. Returns its URI.
     */
    public static String writeAtomically(Path dir, SavepointJob job) throws Exception {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("savepoint directory " + target + " exists and is not empty");
                }
            }
            Files.delete(target);
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            job.write(partial.toUri().toString());
            if (!Files.isRegularFile(partial.resolve("_metadata"))) {
                throw new IllegalStateException("the savepoint writer finished without a _metadata file in " + partial);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target.toUri().toString();
        } catch (Exception | Error e) {
            deleteTree(partial);
            throw e;
        }
    }

    private static StateBootstrapTransformation<UserSeed> users(StreamExecutionEnvironment env, Map<String, UserState> users,
                                                                long ttlSeconds) {
        List<UserSeed> seeds = new ArrayList<>(users.size());
        users.forEach((id, s) -> seeds.add(new UserSeed(id, s)));
        return OperatorTransformation.bootstrapWith(env.fromData(UserSeed.class, seeds.toArray(new UserSeed[0])))
                .keyBy(s -> s.userId, Types.STRING)
                .transform(new UserStateBootstrap(ttlSeconds));
    }

    private static StateBootstrapTransformation<ItemSeed> items(StreamExecutionEnvironment env, WarmStates states) {
        List<ItemSeed> seeds = new ArrayList<>(states.items.size());
        for (Map.Entry<String, ItemState> e : states.items.entrySet()) {
            seeds.add(new ItemSeed(e.getKey(), e.getValue()));
        }
        return OperatorTransformation.bootstrapWith(env.fromData(ItemSeed.class, seeds.toArray(new ItemSeed[0])))
                .keyBy(s -> s.itemId, Types.STRING)
                .transform(new ItemStateBootstrap(states.centroids));
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the partial savepoint " + p, e);
        }
    }
}

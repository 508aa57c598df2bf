package io.streamrec.flink;

import io.streamrec.core.config.StreamrecConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * The cluster decides: on a cluster the job fills in streamrec's defaults only where the cluster's
 * configuration and the submission leave an option unset, and never touches parallelism or the
 * restart strategy (Flink's default with checkpointing is exponential-delay restarts).
 *
 * <ul>
 *   <li>checkpoint interval: {@code flink.checkpoint.interval-ms};</li>
 *   <li>state backend: {@code flink.state-backend} (RocksDB by default, users are unbounded), RocksDB with
 *       incremental checkpoints, uncompressed state files and bloom filters;</li>
 *   <li>checkpoint storage: {@code flink.checkpoint.dir} when it names shared storage (a URI or an
 *       absolute path); the relative default names the submitting machine's disk and is never sent to
 *       a cluster; an explicit relative one is refused;</li>
 *   <li>retained checkpoints on cancellation, so an operator can restore after a cancel.</li>
 * </ul>
 */
public final class ClusterDefaults {
    private ClusterDefaults() {}

    /**
     * RocksDB's compression of the job's state files, per level. The job's state is mostly float
     * vectors and ids, which Snappy (RocksDB's default) barely shrinks, while compressing every flushed
     * and compacted block costs CPU on every write-back (measured in docs/benchmarks.md, learn section):
     * the job keeps its state files uncompressed unless the cluster sets this.
     */
    public static final org.apache.flink.configuration.ConfigOption<List<org.rocksdb.CompressionType>> ROCKSDB_COMPRESSION =
            org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL;
    public static final String ROCKSDB_COMPRESSION_DEFAULT = "NO_COMPRESSION";

    /**
     * Bloom filters in RocksDB's state files (off in Flink by default). Every key a state cache has not
     * seen (a new user's first event reads three operators' states, a new item's its own) is a read of a
     * key the backend does not hold, which without a filter searches every level's files (measured in
     * docs/benchmarks.md, learn section): the job turns them on unless the cluster sets this.
     */
    public static final org.apache.flink.configuration.ConfigOption<Boolean> ROCKSDB_BLOOM_FILTER =
            org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.USE_BLOOM_FILTER;

    /** What to add to the job's configuration, and what the operator should know about it. */
    public record Result(Configuration additions, List<String> notes) {}

    public static Result of(ReadableConfig cluster, StreamrecConfig config) {
        Configuration add = new Configuration();
        List<String> notes = new ArrayList<>();
        if (unset(cluster, CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
            long ms = config.getLong(StreamrecConfig.FLINK_CHECKPOINT_INTERVAL_MS);
            add.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(ms));
            notes.add("checkpoint interval " + ms + " ms (" + StreamrecConfig.FLINK_CHECKPOINT_INTERVAL_MS.name()
                    + "; the cluster sets none)");
        }
        String backend = cluster.getOptional(StateBackendOptions.STATE_BACKEND).orElse(null);
        if (backend == null) {
            backend = config.getString(StreamrecConfig.FLINK_STATE_BACKEND);
            add.set(StateBackendOptions.STATE_BACKEND, backend);
            notes.add("state backend " + backend + " (" + StreamrecConfig.FLINK_STATE_BACKEND.name() + "; the cluster sets none)");
        }
        if (backend.equalsIgnoreCase("rocksdb") && unset(cluster, CheckpointingOptions.INCREMENTAL_CHECKPOINTS)) {
            add.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        if (backend.equalsIgnoreCase("rocksdb") && unset(cluster, ROCKSDB_COMPRESSION)) {
            add.set(ROCKSDB_COMPRESSION, List.of(org.rocksdb.CompressionType.valueOf(ROCKSDB_COMPRESSION_DEFAULT)));
            notes.add("RocksDB state files uncompressed (" + ROCKSDB_COMPRESSION.key() + "; the cluster sets none)");
        }
        if (backend.equalsIgnoreCase("rocksdb") && unset(cluster, ROCKSDB_BLOOM_FILTER)) {
            add.set(ROCKSDB_BLOOM_FILTER, true);
            notes.add("RocksDB bloom filters on (" + ROCKSDB_BLOOM_FILTER.key() + "; the cluster sets none)");
        }
        if (unset(cluster, CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            String dir = config.getString(StreamrecConfig.FLINK_CHECKPOINT_DIR);
            Optional<String> shared = sharedLocation(dir);
            if (shared.isPresent()) {
                add.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, shared.get());
                notes.add("checkpoints in " + shared.get() + " (" + StreamrecConfig.FLINK_CHECKPOINT_DIR.name() + ")");
            } else if (config.sourceOf(StreamrecConfig.FLINK_CHECKPOINT_DIR).equals("default")) {
                notes.add("the cluster sets no execution.checkpointing.dir: checkpoints are kept by the JobManager "
                        + "only; set it (or " + StreamrecConfig.FLINK_CHECKPOINT_DIR.name()
                        + " to shared storage) before relying on restores");
            } else {
                throw new StreamrecConfig.ConfigException(List.of(StreamrecConfig.FLINK_CHECKPOINT_DIR.name() + " (from "
                        + config.sourceOf(StreamrecConfig.FLINK_CHECKPOINT_DIR) + "): '" + dir + "' is a relative path; "
                        + "on a cluster it must be a URI or an absolute path every JobManager and TaskManager reaches"));
            }
        }
        if (unset(cluster, CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION)) {
            add.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        return new Result(add, notes);
    }

    private static boolean unset(ReadableConfig c, org.apache.flink.configuration.ConfigOption<?> option) {
        return c.getOptional(option).isEmpty();
    }

    /** The location as a URI when it names storage beyond the submitting process's working directory. */
    static Optional<String> sharedLocation(String dir) {
        if (dir.contains("://")) {
            return Optional.of(URI.create(dir).toString());
        }
        Path p = Path.of(dir);
        return p.isAbsolute() ? Optional.of(p.toUri().toString()) : Optional.empty();
    }
}

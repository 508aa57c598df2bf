package io.streamrec.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.config.StreamrecConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/** On a cluster the job fills in only what the cluster and the submission leave unset. */
class ClusterDefaultsTest {
    static StreamrecConfig config(Map<String, String> overrides) {
        return StreamrecConfig.load(null, Map.of(), overrides);
    }

    @Test
    void whatTheClusterSetsIsNeverOverridden() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMinutes(3));
        cluster.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://bucket/checkpoints");
        cluster.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        cluster.set(CoreOptions.DEFAULT_PARALLELISM, 7);
        cluster.set(ClusterDefaults.ROCKSDB_COMPRESSION, java.util.List.of(org.rocksdb.CompressionType.LZ4_COMPRESSION));
        cluster.set(ClusterDefaults.ROCKSDB_BLOOM_FILTER, false);

        ClusterDefaults.Result r = ClusterDefaults.of(cluster, config(Map.of("flink.checkpoint.dir", "/mnt/elsewhere",
                "flink.parallelism", "3", "flink.checkpoint.interval-ms", "500")));

        assertThat(r.additions().toMap()).isEmpty();
    }

    @Test
    void theHeapBackendWhenConfiguredAndTheClusterSetsNone() {
        Configuration add = ClusterDefaults.of(new Configuration(),
                config(Map.of("flink.checkpoint.dir", "s3://bucket/streamrec", "flink.state-backend", "hashmap"))).additions();
        assertThat(add.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(add.getOptional(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isEmpty();
    }

    @Test
    void anEmptyClusterConfigurationGetsStreamrecsDefaultsButNeverAParallelism() {
        ClusterDefaults.Result r = ClusterDefaults.of(new Configuration(),
                config(Map.of("flink.checkpoint.dir", "s3://bucket/streamrec", "flink.checkpoint.interval-ms", "2500")));

        Configuration add = r.additions();
        assertThat(add.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofMillis(2500));
        assertThat(add.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(add.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(add.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(org.rocksdb.CompressionType.NO_COMPRESSION);
        assertThat(add.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(add.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/streamrec");
        assertThat(add.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(add.getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
        assertThat(add.toMap()).doesNotContainKey("restart-strategy.type");
    }

    @Test
    void theRelativeLocalDefaultIsNotSentToAClusterAndAnExplicitRelativeDirIsRefused() {
        ClusterDefaults.Result r = ClusterDefaults.of(new Configuration(), config(Map.of()));
        assertThat(r.additions().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEmpty();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("no execution.checkpointing.dir"));

        assertThatThrownBy(() -> ClusterDefaults.of(new Configuration(), config(Map.of("flink.checkpoint.dir", "ckpt"))))
                .isInstanceOf(StreamrecConfig.ConfigException.class)
                .hasMessageContaining("flink.checkpoint.dir (from command line)")
                .hasMessageContaining("relative path");

        ClusterDefaults.Result absolute = ClusterDefaults.of(new Configuration(), config(Map.of("flink.checkpoint.dir", "/shared/ckpt")));
        assertThat(absolute.additions().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///shared/ckpt");
    }

    @Test
    void incrementalCheckpointsOnlyForRocksDb() {
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions()
                .getOptional(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isEmpty();
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions().toMap())
                .doesNotContainKey(ClusterDefaults.ROCKSDB_COMPRESSION.key())
                .doesNotContainKey(ClusterDefaults.ROCKSDB_BLOOM_FILTER.key());
    }

    @Test
    void bloomFiltersOnUnlessTheClusterDecides() {
        Configuration cluster = new Configuration();
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions().get(ClusterDefaults.ROCKSDB_BLOOM_FILTER))
                .isTrue();
        cluster.set(ClusterDefaults.ROCKSDB_BLOOM_FILTER, false);
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions().toMap())
                .doesNotContainKey(ClusterDefaults.ROCKSDB_BLOOM_FILTER.key());
    }

    @Test
    void stateFilesUncompressedUnlessTheClusterChoosesACompression() {
        Configuration cluster = new Configuration();
        cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions().get(ClusterDefaults.ROCKSDB_COMPRESSION))
                .containsExactly(org.rocksdb.CompressionType.NO_COMPRESSION);
        cluster.set(ClusterDefaults.ROCKSDB_COMPRESSION, java.util.List.of(org.rocksdb.CompressionType.LZ4_COMPRESSION));
        assertThat(ClusterDefaults.of(cluster, config(Map.of())).additions().toMap())
                .doesNotContainKey(ClusterDefaults.ROCKSDB_COMPRESSION.key());
    }

    @Test
    void programArgumentsOverrideConfigKeysAndNameTheBadOnes() {
        JobArguments a = JobArguments.parse("--local", "--redis.url", "redis://r:6379", "--model.mf.dim=32");
        assertThat(a.local()).isTrue();
        assertThat(a.overrides()).containsEntry("redis.url", "redis://r:6379").containsEntry("model.mf.dim", "32");
        assertThat(JobArguments.parse().local()).isFalse();
        assertThatThrownBy(() -> JobArguments.parse("redis.url")).hasMessageContaining("unexpected program argument 'redis.url'");
        assertThatThrownBy(() -> StreamrecConfig.load(null, Map.of(), JobArguments.parse("--model.mf.dim=0").overrides()))
                .hasMessageContaining("model.mf.dim (from command line)");
    }
}

package io.streamrec.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.config.StreamrecConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What ./recsys cluster submit sends, and what it refuses before anything reaches the cluster. */
class ClusterCommandTest {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    static Properties state() {
        Properties p = new Properties();
        p.setProperty("redis.url", "redis://127.0.0.1:6390");
        p.setProperty("kafka.bootstrap", "127.0.0.1:9093");
        p.setProperty("rest.url", "http://localhost:1");
        return p;
    }

    static ClusterCommand command(Map<String, String> env) {
        return new ClusterCommand(HOME, env, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void theJobGetsTheClustersRedisAndKafkaAndEveryKeyThatIsNotADefault() {
        List<String> args = command(Map.of("STREAMREC_MODEL_MF_DIM", "32", "STREAMREC_API_ADMIN_KEYS", "a-secret-admin-key-123"))
                .programArguments(state(), Map.of("model.mf.negatives", "4"));
        assertThat(args).contains("--redis.url=redis://127.0.0.1:6390", "--kafka.bootstrap=127.0.0.1:9093",
                "--model.mf.dim=32", "--model.mf.negatives=4");
        assertThat(args).noneMatch(a -> a.startsWith("--api.")).noneMatch(a -> a.contains("a-secret-admin-key-123"));
    }

    @Test
    void anEnvironmentRedisWinsOverTheClusters() {
        List<String> args = command(Map.of("STREAMREC_REDIS_URL", "redis://elsewhere:6379")).programArguments(state(), Map.of());
        assertThat(args).contains("--redis.url=redis://elsewhere:6379").doesNotContain("--redis.url=redis://127.0.0.1:6390");
    }

    @Test
    void aBadOrUnknownKeyFailsOnTheClientNamingIt() {
        assertThatThrownBy(() -> command(Map.of()).programArguments(state(), Map.of("model.mf.dim", "0")))
                .isInstanceOf(StreamrecConfig.ConfigException.class).hasMessageContaining("model.mf.dim");
        assertThatThrownBy(() -> command(Map.of()).programArguments(state(), Map.of("model.mf.dimension", "8")))
                .isInstanceOf(StreamrecConfig.ConfigException.class).hasMessageContaining("model.mf.dimension");
    }

    @Test
    void argumentsAreParsedStrictly() {
        List<String> a = List.of("--parallelism", "3", "--set", "model.mf.dim=16", "--set", "redis.url=redis://r:1");
        assertThat(ClusterCommand.options(a, List.of("parallelism", "from-savepoint"), List.of()))
                .containsExactly(Map.entry("parallelism", "3"));
        assertThat(ClusterCommand.sets(a)).containsEntry("model.mf.dim", "16").containsEntry("redis.url", "redis://r:1");
        assertThatThrownBy(() -> ClusterCommand.options(List.of("--paralelism", "3"), List.of("parallelism"), List.of()))
                .hasMessageContaining("--paralelism");
        assertThatThrownBy(() -> ClusterCommand.sets(List.of("--set", "novalue"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ClusterCommand.positive("0", "--parallelism")).hasMessageContaining("positive");
    }

    @Test
    void submitWithoutACluster() {
        ClusterCommand c = command(Map.of("STREAMREC_VAR_DIR", HOME.resolve("launcher/target/no-cluster-here").toString()));
        assertThatThrownBy(() -> c.submit(2, null, Map.of())).hasMessageContaining("./recsys cluster start");
    }
}

package io.streamrec.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamrecConfigTest {
    static final Path SHIPPED = Path.of("../config/streamrec.properties");

    @Test
    void shippedFileParsesAndDocumentsEveryKeyWithItsDefault() throws IOException {
        StreamrecConfig c = StreamrecConfig.load(SHIPPED, Map.of(), Map.of());
        String text = Files.readString(SHIPPED);
        Properties p = new Properties();
        p.load(Files.newBufferedReader(SHIPPED));
        for (ConfigKey k : StreamrecConfig.keys()) {
            assertThat(p.getProperty(k.name())).as(k.name()).isEqualTo(k.defaultValue());
            assertThat(c.getString(k)).isEqualTo(k.defaultValue());
            assertThat(text).contains("# env: " + k.envName() + "   default: " + k.defaultValue());
            assertThat(text).contains("# " + k.description());
        }
        assertThat(p.stringPropertyNames()).hasSize(StreamrecConfig.keys().size());
    }

    @Test
    void shippedFileIsTheGeneratedOne() throws IOException {
        assertThat(Files.readString(SHIPPED)).as("regenerate with ConfigDoc").isEqualTo(ConfigDoc.properties());
    }

    @Test
    void docsConfigTableIsCurrent() throws IOException {
        assertThat(Files.readString(Path.of("../docs/configuration.md"))).as("regenerate with ConfigDoc update .")
                .contains(ConfigDoc.markdown());
    }

    @Test
    void environmentOverridesFileAndOverridesWin(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "redis.url=redis://file:1\napi.port=9000\n");
        StreamrecConfig c = StreamrecConfig.load(f, Map.of("STREAMREC_REDIS_URL", "redis://env:2"),
                Map.of("api.port", "9100"));
        assertThat(c.getString(StreamrecConfig.REDIS_URL)).isEqualTo("redis://env:2");
        assertThat(c.sourceOf(StreamrecConfig.REDIS_URL)).contains("STREAMREC_REDIS_URL");
        assertThat(c.getInt(StreamrecConfig.API_PORT)).isEqualTo(9100);
        assertThat(StreamrecConfig.KAFKA_BOOTSTRAP.envName()).isEqualTo("STREAMREC_KAFKA_BOOTSTRAP");
        assertThat(StreamrecConfig.REDIS_POOL_MAX_WAIT_MS.envName()).isEqualTo("STREAMREC_REDIS_POOL_MAX_WAIT_MS");
    }

    @Test
    void invalidValuesAndUnknownKeysAreAllReported(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "api.port=seventy\nredis.urll=redis://x\n");
        assertThatThrownBy(() -> StreamrecConfig.load(f, Map.of("STREAMREC_API_MAX_K", "0", "STREAMREC_NOPE", "1"), Map.of()))
                .isInstanceOf(StreamrecConfig.ConfigException.class)
                .hasMessageContaining("api.port (from config file")
                .hasMessageContaining("expected a whole number, got 'seventy'")
                .hasMessageContaining("unknown key 'redis.urll'")
                .hasMessageContaining("api.max-k (from environment variable STREAMREC_API_MAX_K): expected a whole number between 1 and 100000, got 0")
                .hasMessageContaining("unknown environment variable STREAMREC_NOPE");
    }
}

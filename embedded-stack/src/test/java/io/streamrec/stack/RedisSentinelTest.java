package io.streamrec.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/** redis-sentinel:// reaches the master a real Sentinel (the same redis-server, in sentinel mode) names. */
class RedisSentinelTest {

    @Test
    void aSentinelURLReachesTheMasterTheSentinelNames() throws Exception {
        // no "redis-sentinel" in the path: redis-server runs as a sentinel when its argv[0] contains that
        Path dir = Path.of("target/sentinel-test-" + ProcessHandle.current().pid()).toAbsolutePath();
        try (EmbeddedRedis master = EmbeddedRedis.start(dir.resolve("master"), 0, false)) {
            int port = Ports.free();
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
                    "dir " + dir, "sentinel monitor shop 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds shop 1000", ""));
            try (ChildProcess sentinel = ChildProcess.start("redis-sentinel",
                    List.of(master.executable(), conf.toString(), "--sentinel"), dir.resolve("sentinel.log"), Map.of())) {
                Ports.await("127.0.0.1", port, Duration.ofSeconds(20), sentinel);
                try (UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(
                        "redis-sentinel://127.0.0.1:" + port + "/shop", 2000, 4, 2000, "sentinel-test"));
                     Jedis direct = new Jedis("127.0.0.1", master.port())) {
                    assertThat(redis).isInstanceOf(RedisSentinelClient.class);
                    redis.set("sr:probe", "through the sentinel");
                    assertThat(direct.get("sr:probe")).isEqualTo("through the sentinel");
                }
            }
        }
    }
}

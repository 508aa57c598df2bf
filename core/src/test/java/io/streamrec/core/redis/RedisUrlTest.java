package io.streamrec.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.redis.RedisUrl.Node;
import io.streamrec.core.redis.RedisUrl.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void oneServer() {
        RedisUrl u = RedisUrl.parse("redis://127.0.0.1:6380/2");
        assertThat(u.topology()).isEqualTo(Topology.STANDALONE);
        assertThat(u.nodes()).containsExactly(new Node("127.0.0.1", 6380));
        assertThat(u.database()).isEqualTo(2);
        assertThat(u.tls()).isFalse();
        RedisUrl s = RedisUrl.parse("rediss://app:p%40ss:word@redis.example");
        assertThat(s.tls()).isTrue();
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("p%40ss:word");
        assertThat(s.nodes()).containsExactly(new Node("redis.example", 6379));
        assertThat(RedisUrl.parse("redis://:secret@[::1]:7000").nodes()).containsExactly(new Node("::1", 7000));
        assertThat(RedisUrl.parse("redis://:secret@[::1]:7000").user()).isNull();
    }

    @Test
    void aClusterAndASentinelMaster() {
        RedisUrl c = RedisUrl.parse("redis-cluster://h1:7000,h2:7001, h3");
        assertThat(c.topology()).isEqualTo(Topology.CLUSTER);
        assertThat(c.nodes()).containsExactly(new Node("h1", 7000), new Node("h2", 7001), new Node("h3", 6379));
        assertThat(RedisUrl.parse("rediss-cluster://u:pw@h1:7000").tls()).isTrue();
        RedisUrl s = RedisUrl.parse("redis-sentinel://:pw@s1,s2:26380/mymaster/3");
        assertThat(s.topology()).isEqualTo(Topology.SENTINEL);
        assertThat(s.nodes()).containsExactly(new Node("s1", 26379), new Node("s2", 26380));
        assertThat(s.masterName()).isEqualTo("mymaster");
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.password()).isEqualTo("pw");
    }

    @Test
    void saysWhatIsWrongWithoutThePassword() {
        for (var bad : List.of(
                List.of("http://h:1", "unknown scheme 'http'"),
                List.of("127.0.0.1:6379", "must look like"),
                List.of("redis://a:1,b:2", "use redis-cluster:// or redis-sentinel://"),
                List.of("redis-sentinel://s1:26379", "needs the master's name"),
                List.of("redis-cluster://h1:7000/1", "only database 0"),
                List.of("redis://:topsecret@h:99999", "bad port in 'h:99999'"),
                List.of("redis://h:1/x", "the database must be a number"),
                List.of("redis-cluster://", "names no host"))) {
            assertThatThrownBy(() -> RedisUrl.parse(bad.get(0))).as(bad.get(0)).hasMessageContaining(bad.get(1))
                    .hasMessageNotContaining("topsecret");
        }
        assertThat(new RedisSettings("redis-cluster://app:topsecret@h1:7000,h2:7001", 1, 1, 1, "x").redactedUrl())
                .isEqualTo("redis-cluster://app:***@h1:7000,h2:7001");
    }
}

package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisScripts;
import java.util.EnumMap;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * SHA1s of the Lua scripts, loaded into Redis when a writer opens and again after NOSCRIPT. On a Redis
 * Cluster every node gets them, since a script runs on the node of its keys' slot (and a replica that
 * takes over must have them too).
 */
public final class ScriptShas {
    private final Map<RedisScripts, String> shas = new EnumMap<>(RedisScripts.class);

    void load(UnifiedJedis client) {
        for (RedisScripts s : RedisScripts.values()) {
            if (client instanceof RedisClusterClient cluster) {
                String sha = null;
                for (ConnectionPool node : cluster.getClusterNodes().values()) {
                    try (Connection c = node.getResource()) {
                        sha = new Jedis(c).scriptLoad(s.source());
                    }
                }
                shas.put(s, sha);
            } else {
                shas.put(s, client.scriptLoad(s.source()));
            }
        }
    }

    public String sha(RedisScripts s) {
        return shas.get(s);
    }
}

package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisScripts;
import java.util.EnumMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/** SHA1s of the Lua scripts, loaded into Redis when a writer opens and again after NOSCRIPT. */
public final class ScriptShas {
    private final Map<RedisScripts, String> shas = new EnumMap<>(RedisScripts.class);

    void load(RedisClient client) {
        for (RedisScripts s : RedisScripts.values()) {
            shas.put(s, client.scriptLoad(s.source()));
        }
    }

    public String sha(RedisScripts s) {
        return shas.get(s);
    }
}

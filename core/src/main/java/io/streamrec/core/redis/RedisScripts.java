package io.streamrec.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of {@code redis/lua/}, shipped inside the core jar. */
public enum RedisScripts {
    /** Replace a user's recent-items ZSET unless Redis already holds a newer version. */
    REPLACE_RECENT_ITEMS("replace_recent_items.lua");

    private final String source;

    RedisScripts(String file) {
        String path = "/streamrec/lua/" + file;
        try (InputStream in = RedisScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script on the classpath: " + path);
            }
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String source() {
        return source;
    }
}

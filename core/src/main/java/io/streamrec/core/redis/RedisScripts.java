package io.streamrec.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of {@code redis/lua/}, shipped inside the core jar. */
public enum RedisScripts {
    /** Write a user's recent items, bought items and interests (one value) unless a newer version is stored. */
    WRITE_USER_LISTS("write_user_lists.lua"),
    /** Write users' factor vectors or re-purchase cycles (one value each), each unless a newer one is stored. */
    WRITE_USER_VALUE("write_user_value.lua"),
    /** Write a batch of item vectors (each unless newer is stored) and append them to the change feed. */
    WRITE_ITEM_VECTORS("write_item_vectors.lua"),
    /** Write the blend's learned weights unless a newer version of the same learner is stored. */
    WRITE_BLEND_WEIGHTS("write_blend_weights.lua"),
    /** Write catalogue entries (or deletion tombstones) and announce them on the change feed. */
    WRITE_CATALOG("write_catalog.lua");

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

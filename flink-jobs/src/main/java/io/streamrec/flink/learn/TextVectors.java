package io.streamrec.flink.learn;

import io.streamrec.core.content.TextSpace;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.VectorCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Reads the item text embeddings from Redis into a {@link TextSpace}, a page of fields at a time (HSCAN). */
public final class TextVectors {
    static final int PAGE = 1000;

    private TextVectors() {}

    /**
     * Every stored text vector, read into a new space (null when none is stored: the dimension comes
     * from the vectors).
     */
    public static TextSpace load(UnifiedJedis redis, int maxItems) {
        byte[] key = RedisKeys.ITEM_TEXT_VECTORS.getBytes(StandardCharsets.UTF_8);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        TextSpace space = null;
        ScanParams page = new ScanParams().count(PAGE);
        do {
            ScanResult<Map.Entry<byte[], byte[]>> r = redis.hscan(key, cursor, page);
            for (Map.Entry<byte[], byte[]> e : r.getResult()) {
                float[] v = VectorCodec.decode(e.getValue());
                if (v == null || v.length == 0) {
                    continue;
                }
                if (space == null) {
                    space = new TextSpace(v.length, maxItems);
                }
                space.put(new String(e.getKey(), StandardCharsets.UTF_8), v);
            }
            cursor = r.getCursorAsBytes();
        } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        return space;
    }
}

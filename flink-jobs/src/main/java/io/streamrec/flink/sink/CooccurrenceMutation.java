package io.streamrec.flink.sink;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.CoOccurrenceCodec;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.cooc.ItemNeighbours;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an item's neighbour list to the field of the item in {@code sr:{items}:cooc} (binary,
 * {@link CoOccurrenceCodec}); the latest list of an item in a batch wins (one operator instance emits
 * an item's lists, in order). A flush sends one {@code HSET} with all of its items.
 */
public final class CooccurrenceMutation implements RedisMutation<ItemNeighbours> {
    private static final long serialVersionUID = 1L;
    private static final byte[] KEY = VectorMutations.utf8(RedisKeys.ITEM_COOCCURRENCE);

    @Override
    public String coalesceKey(ItemNeighbours n) {
        return n.itemId;
    }

    @Override
    public void write(PipelineBatch p, ItemNeighbours n, ScriptShas scripts) {
        writeAll(p, List.of(n), scripts);
    }

    @Override
    public void writeAll(PipelineBatch p, List<ItemNeighbours> lists, ScriptShas scripts) {
        if (lists.isEmpty()) {
            return;
        }
        Map<byte[], byte[]> fields = new LinkedHashMap<>(lists.size() * 2);
        for (ItemNeighbours n : lists) {
            List<CoOccurrence.Neighbour> list = new ArrayList<>(n.ids.length);
            for (int i = 0; i < n.ids.length; i++) {
                list.add(new CoOccurrence.Neighbour(n.ids[i], n.shares[i]));
            }
            // byte[] keys compare by identity: the sink's coalescing left one list per item
            fields.put(VectorMutations.utf8(n.itemId), CoOccurrenceCodec.encode(n.version, list));
        }
        p.hset(KEY, fields);
    }
}

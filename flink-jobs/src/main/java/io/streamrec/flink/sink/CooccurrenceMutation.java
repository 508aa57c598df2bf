package io.streamrec.flink.sink;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.CoOccurrenceCodec;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.flink.cooc.ItemNeighbours;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an item's neighbour list to the field of the item in {@code sr:{items}:cooc} (binary,
 * {@link CoOccurrenceCodec}); the latest list of an item in a batch wins (one operator instance emits
 * an item's lists, in order).
 */
public final class CooccurrenceMutation implements RedisMutation<ItemNeighbours> {
    private static final long serialVersionUID = 1L;

    @Override
    public String coalesceKey(ItemNeighbours n) {
        return n.itemId;
    }

    @Override
    public void write(PipelineBatch p, ItemNeighbours n, ScriptShas scripts) {
        List<CoOccurrence.Neighbour> list = new ArrayList<>(n.ids.length);
        for (int i = 0; i < n.ids.length; i++) {
            list.add(new CoOccurrence.Neighbour(n.ids[i], n.shares[i]));
        }
        p.hset(VectorMutations.utf8(RedisKeys.ITEM_COOCCURRENCE), VectorMutations.utf8(n.itemId),
                CoOccurrenceCodec.encode(n.version, list));
    }
}

package io.streamrec.api.recommend;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.CoOccurrenceCodec;
import io.streamrec.core.redis.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The co-occurrence side of a request: the neighbour lists ({@code sr:{items}:cooc}, one HMGET) of the
 * user's strongest {@link CoOccurrence#QUERY_ITEMS} recent items, scored as {@link CoOccurrence#score}
 * with the recent items' weights; the items as the ranker's candidates, best first.
 */
final class Cooccurring {
    private static final byte[] KEY = RedisKeys.ITEM_COOCCURRENCE.getBytes(StandardCharsets.UTF_8);

    private Cooccurring() {}

    /** Item → co-occurrence with {@code recent} (best first), leaving out {@code exclude}; empty without recent items. */
    static Map<String, Double> scores(UnifiedJedis redis, List<Tuple> recent, Set<String> exclude) {
        if (recent == null || recent.isEmpty()) {
            return Map.of();
        }
        String[] ids = new String[recent.size()];
        double[] weights = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = recent.get(i).getElement();
            weights[i] = recent.get(i).getScore();
        }
        Map<String, Double> query = CoOccurrence.query(ids, weights);
        if (query.isEmpty()) {
            return Map.of();
        }
        List<String> asked = new ArrayList<>(query.keySet());
        byte[][] fields = new byte[asked.size()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = asked.get(i).getBytes(StandardCharsets.UTF_8);
        }
        List<byte[]> stored = redis.hmget(KEY, fields);
        Map<String, List<CoOccurrence.Neighbour>> lists = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            List<CoOccurrence.Neighbour> list = CoOccurrenceCodec.decode(stored.get(i));
            if (list != null) {
                lists.put(asked.get(i), list);
            }
        }
        Map<String, Double> scores = CoOccurrence.score(query, lists::get, exclude);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String id : CoOccurrence.top(scores, scores.size())) {
            out.put(id, scores.get(id));
        }
        return out;
    }
}

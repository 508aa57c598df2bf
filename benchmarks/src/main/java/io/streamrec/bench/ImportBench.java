package io.streamrec.bench;

import io.streamrec.content.CatalogText;
import io.streamrec.content.TextEmbedder;
import io.streamrec.core.data.OnlineRetail;
import io.streamrec.core.event.Event;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.launcher.Datasets;
import io.streamrec.launcher.LocalStack;
import io.streamrec.launcher.Replayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./recsys bench import [--dataset online-retail-full] [--runs 3] [--json FILE]}: the catalogue
 * import of a data set's items through a running API (the local stack's API process and Redis, no
 * learning job): the bulk {@code POST /v1/items} the demo's loader sends (titles from the product
 * descriptions, 1,000 items a request), timed until the writes are answered and until every item with a
 * text has its text vector in Redis ({@code sr:{items}:text}). The stored text vectors are deleted
 * before each run, so every run embeds every text (the first also loads the model). Same-run reference:
 * the same texts embedded in this process by the same model and batch size, without the API.
 */
final class ImportBench {
    static final long POLL_MS = 50;
    static final long TIMEOUT_MS = 30 * 60_000L;

    private ImportBench() {}

    static Report run(Path home, Map<String, String> opts) throws Exception {
        String dataset = opts.getOrDefault("dataset", "online-retail-full");
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        List<Event> events = Datasets.load(home, dataset);
        Map<String, OnlineRetail.Product> products = Datasets.products(home, dataset);
        Set<String> items = new LinkedHashSet<>();
        events.forEach(e -> items.add(e.itemId));
        List<String> texts = new ArrayList<>();
        for (String item : items) {
            OnlineRetail.Product p = products.get(item);
            String text = p == null ? null : CatalogText.of(p.description(), null);
            if (text != null) {
                texts.add(text);
            }
        }
        Report r = new Report("import", dataset, events.size());
        r.config.put("items", items.size());
        r.config.put("items_with_text", texts.size());
        r.config.put("runs", runs);
        r.config.put("cores", Runtime.getRuntime().availableProcessors());
        r.config.put("batch_per_request", 1000);
        r.config.put("embed_batch", CatalogText.BATCH);

        Path var = home.resolve("var/bench-import-" + System.currentTimeMillis());
        System.err.println("  starting Redis and Kafka (logs in " + var.resolve("logs") + ") …");
        double[] writes = new double[runs];
        double[] embedded = new double[runs];
        try (LocalStack stack = LocalStack.startInfrastructure(new LocalStack.Options(home, var, 0, 0, 1, false,
                Map.of()), System.err);
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 10_000, 2, 5_000,
                     "bench"))) {
            System.err.println("  starting the API …");
            stack.startApiOnly();
            Replayer loader = new Replayer(stack.apiBase(), stack.adminKey(), 1000, System.err);
            for (int run = 0; run < runs; run++) {
                redis.del(RedisKeys.ITEM_TEXT_VECTORS);
                long t0 = System.nanoTime();
                int stored = loader.putCatalogue(events, products, stack.adminKey());
                writes[run] = (System.nanoTime() - t0) / 1e9;
                long deadline = System.currentTimeMillis() + TIMEOUT_MS;
                while (redis.hlen(RedisKeys.ITEM_TEXT_VECTORS) < texts.size()) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("text vectors not all stored after " + TIMEOUT_MS + " ms: "
                                + redis.hlen(RedisKeys.ITEM_TEXT_VECTORS) + " of " + texts.size());
                    }
                    Thread.sleep(POLL_MS);
                }
                embedded[run] = (System.nanoTime() - t0) / 1e9;
                System.err.printf("  run %d: %d items stored, writes answered in %.2f s, all %d texts embedded "
                        + "in %.1f s%n", run + 1, stored, writes[run], texts.size(), embedded[run]);
                r.put("api_run" + (run + 1), Map.of("writes_seconds", writes[run], "all_embedded_seconds",
                        embedded[run], "texts_per_second", texts.size() / embedded[run]));
            }
        }
        r.put("api", summary(writes, embedded, texts.size()));

        System.err.println("  reference: the same texts embedded in this process …");
        TextEmbedder embedder = TextEmbedder.load(opts.getOrDefault("text-model", TextEmbedder.DEFAULT_MODEL));
        r.config.put("model", embedder.name());
        double[] direct = new double[runs];
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += CatalogText.BATCH) {
                embedder.embed(texts.subList(from, Math.min(texts.size(), from + CatalogText.BATCH)));
            }
            direct[run] = (System.nanoTime() - t0) / 1e9;
        }
        Map<String, Double> ref = new LinkedHashMap<>();
        ref.put("embed_seconds", References.median(direct));
        ref.put("embed_seconds_min", min(direct));
        ref.put("embed_seconds_max", max(direct));
        ref.put("texts_per_second", texts.size() / References.median(direct));
        r.put("reference_in_process", ref);
        r.put("memcopy", Map.of("gb_per_s", References.memcopy()));
        return r;
    }

    private static Map<String, Double> summary(double[] writes, double[] embedded, int texts) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("writes_seconds", References.median(writes));
        m.put("all_embedded_seconds", References.median(embedded));
        m.put("all_embedded_seconds_min", min(embedded));
        m.put("all_embedded_seconds_max", max(embedded));
        m.put("texts_per_second", texts / References.median(embedded));
        return m;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}

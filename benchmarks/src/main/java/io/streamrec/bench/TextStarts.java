package io.streamrec.bench;

import io.streamrec.content.CatalogText;
import io.streamrec.content.TextEmbedder;
import io.streamrec.core.content.TextSpace;
import io.streamrec.core.data.OnlineRetail;
import io.streamrec.launcher.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code streamrec+text} scenario's item texts: every product of the data set embedded once, up
 * front (as the API embeds a catalogue when it is imported, before the events), timed for the
 * embedding throughput. Each scenario run gets its own {@link TextSpace} over the same vectors.
 */
final class TextStarts {
    /** Nearest text neighbours averaged for a new item's start, and the similarity they need. */
    static final int NEIGHBOURS = 10;
    static final float MIN_SIMILARITY = 0.5f;

    final String model;
    final Map<String, float[]> vectors = new LinkedHashMap<>();
    final int dim;
    final double seconds;

    private TextStarts(String model, int dim, double seconds) {
        this.model = model;
        this.dim = dim;
        this.seconds = seconds;
    }

    static TextStarts embed(Path home, String dataset, String modelName) {
        Map<String, OnlineRetail.Product> products = Datasets.products(home, dataset);
        if (products.isEmpty()) {
            throw new IllegalArgumentException("streamrec+text needs a named data set with product texts, got "
                    + dataset);
        }
        TextEmbedder embedder = TextEmbedder.load(modelName);
        List<String> ids = new ArrayList<>(products.keySet());
        List<String> texts = new ArrayList<>(ids.size());
        for (String id : ids) {
            texts.add(CatalogText.of(products.get(id).description(), null));
        }
        long t0 = System.nanoTime();
        float[][] vs = new float[ids.size()][];
        int batch = CatalogText.BATCH;
        for (int from = 0; from < ids.size(); from += batch) {
            int to = Math.min(ids.size(), from + batch);
            float[][] part = embedder.embed(texts.subList(from, to));
            System.arraycopy(part, 0, vs, from, to - from);
        }
        TextStarts t = new TextStarts(embedder.name(), embedder.dimension(), (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < ids.size(); i++) {
            t.vectors.put(ids.get(i), vs[i]);
        }
        System.err.printf("  embedded %d product texts in %.1f s (%.0f texts/s)%n", ids.size(), t.seconds,
                ids.size() / t.seconds);
        return t;
    }

    TextSpace space() {
        TextSpace s = new TextSpace(dim, vectors.size() + 1);
        vectors.forEach(s::put);
        return s;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dim", dim);
        m.put("items", vectors.size());
        m.put("embed_seconds", seconds);
        m.put("texts_per_second", vectors.size() / seconds);
        m.put("neighbours", NEIGHBOURS);
        m.put("min_similarity", MIN_SIMILARITY);
        m.put("start", "similarity-weighted mean of the published vectors of the nearest text neighbours, "
                + "else the category centroid");
        return m;
    }
}

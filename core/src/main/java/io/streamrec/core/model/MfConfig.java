package io.streamrec.core.model;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;

/**
 * Hyper-parameters of the online matrix-factorisation model.
 *
 * @param dim            factor dimension d (vectors are stored with one extra slot: the item bias,
 *                       and a constant 1 on the user side, so a score is one dot product)
 * @param learningRate   base step size; AdaGrad divides it per vector
 * @param l2             L2 regularisation on factors (not on the bias)
 * @param negatives      sampled negatives per positive event
 * @param loss           pointwise logistic or BPR
 * @param maxNorm        factor vectors are scaled back to this norm after each step
 * @param maxGradNorm    gradients are clipped to this norm before each step
 * @param initStd        standard deviation of the random start of a vector
 * @param foldInEvents   a user's first events place the user by fold-in (least squares on the
 *                       items touched) instead of a single SGD step
 * @param negativeWeight weight of a sampled negative relative to a positive of weight 1
 * @param contextLength  how many of the user's latest items form the sequential context (0 = none)
 * @param contextDecay   weight of each older context item relative to the next newer one
 */
public record MfConfig(int dim, float learningRate, float l2, int negatives, Loss loss, float maxNorm,
                       float maxGradNorm, float initStd, int foldInEvents, float negativeWeight, int contextLength,
                       float contextDecay)
        implements Serializable {

    public MfConfig {
        if (dim < 1 || dim > 1024) {
            throw new IllegalArgumentException("dim must be 1..1024");
        }
        if (!(learningRate > 0) || l2 < 0 || negatives < 0 || !(maxNorm > 0) || !(maxGradNorm > 0) || initStd < 0
                || contextLength < 0 || !(contextDecay > 0) || contextDecay > 1) {
            throw new IllegalArgumentException("invalid model configuration");
        }
    }

    public static MfConfig defaults() {
        return new MfConfig(64, 1.0f, 0.01f, 8, Loss.POINTWISE, 5f, 5f, 0.1f, 0, 1f, 3, 0.3f);
    }

    public static MfConfig from(StreamrecConfig c) {
        return new MfConfig(c.getInt(StreamrecConfig.MF_DIM), (float) c.getDouble(StreamrecConfig.MF_LEARNING_RATE),
                (float) c.getDouble(StreamrecConfig.MF_L2), c.getInt(StreamrecConfig.MF_NEGATIVES),
                Loss.valueOf(c.getString(StreamrecConfig.MF_LOSS).toUpperCase(java.util.Locale.ROOT)),
                (float) c.getDouble(StreamrecConfig.MF_MAX_NORM), (float) c.getDouble(StreamrecConfig.MF_MAX_GRAD_NORM),
                (float) c.getDouble(StreamrecConfig.MF_INIT_STD), c.getInt(StreamrecConfig.MF_FOLD_IN_EVENTS),
                (float) c.getDouble(StreamrecConfig.MF_NEGATIVE_WEIGHT), c.getInt(StreamrecConfig.MF_CONTEXT_LENGTH),
                (float) c.getDouble(StreamrecConfig.MF_CONTEXT_DECAY));
    }

    /** Length of a stored vector: d factors plus the bias slot. */
    public int width() {
        return dim + 1;
    }

    public MfConfig withLoss(Loss l) {
        return new MfConfig(dim, learningRate, l2, negatives, l, maxNorm, maxGradNorm, initStd, foldInEvents, negativeWeight,
                contextLength, contextDecay);
    }

    public MfConfig withDim(int d) {
        return new MfConfig(d, learningRate, l2, negatives, loss, maxNorm, maxGradNorm, initStd, foldInEvents, negativeWeight,
                contextLength, contextDecay);
    }

    public MfConfig withNegatives(int n) {
        return new MfConfig(dim, learningRate, l2, n, loss, maxNorm, maxGradNorm, initStd, foldInEvents, negativeWeight,
                contextLength, contextDecay);
    }

    public MfConfig withContext(int length, float decay) {
        return new MfConfig(dim, learningRate, l2, negatives, loss, maxNorm, maxGradNorm, initStd, foldInEvents, negativeWeight,
                length, decay);
    }
}

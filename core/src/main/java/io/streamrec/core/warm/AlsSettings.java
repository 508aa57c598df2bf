package io.streamrec.core.warm;

/**
 * Hyper-parameters of the warm-start ALS.
 *
 * @param dim        factor dimension: the streaming model's {@code model.mf.dim}
 * @param lambda     L2 regularisation
 * @param alpha      confidence slope: {@code c = 1 + α·Σ weights}
 * @param iterations full ALS iterations from the random start
 * @param cgSteps    conjugate-gradient steps per row and half-iteration
 * @param scale      the factors are multiplied by {@code √scale} on both sides before they become the
 *                   streaming model's vectors: ALS fits preferences of 0 and 1, the streaming model
 *                   reads a score as a logit
 * @param seed       seed of the random start
 */
public record AlsSettings(int dim, float lambda, float alpha, int iterations, int cgSteps, float scale, long seed) {
    public AlsSettings {
        if (dim < 1 || !(lambda >= 0) || !(alpha >= 0) || iterations < 1 || cgSteps < 1 || !(scale > 0)) {
            throw new IllegalArgumentException("invalid ALS settings: dim " + dim + ", lambda " + lambda + ", alpha " + alpha
                    + ", iterations " + iterations + ", cg steps " + cgSteps + ", scale " + scale);
        }
    }

    /** The nightly baseline's hyper-parameters at dimension {@code dim}, run from scratch. */
    public static AlsSettings defaults(int dim) {
        return new AlsSettings(dim, 0.1f, 2f, 10, 3, 1f, 17);
    }

    public AlsSettings withIterations(int n) {
        return new AlsSettings(dim, lambda, alpha, n, cgSteps, scale, seed);
    }

    public AlsSettings withScale(float s) {
        return new AlsSettings(dim, lambda, alpha, iterations, cgSteps, s, seed);
    }
}

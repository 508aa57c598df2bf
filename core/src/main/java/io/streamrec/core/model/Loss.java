package io.streamrec.core.model;

/** The training objective of the factor model. */
public enum Loss {
    /** Weighted logistic loss on the positive and on each sampled negative separately. */
    POINTWISE,
    /** Bayesian personalised ranking: the positive must outscore each sampled negative. */
    BPR
}

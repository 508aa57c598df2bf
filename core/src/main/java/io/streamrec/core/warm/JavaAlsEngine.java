package io.streamrec.core.warm;

import io.streamrec.core.model.ImplicitAls;

/** The plain-Java engine: {@link ImplicitAls} (conjugate gradient per row, Vector API kernels). */
public final class JavaAlsEngine implements AlsEngine {
    public static final String NAME = "java";
    private final ImplicitAls als;

    public JavaAlsEngine(int dim, float lambda, int cgSteps) {
        this.als = new ImplicitAls(dim, lambda, cgSteps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void iterate(ImplicitAls.Csr byUser, ImplicitAls.Csr byItem, float[] x, float[] y) {
        als.iterate(byUser, byItem, x, y);
    }
}

package io.streamrec.core.warm;

import io.streamrec.core.model.ImplicitAls;

/** One implementation of an implicit-ALS iteration (users against items, then items against users). */
public interface AlsEngine extends AutoCloseable {
    /** The engine's name, as {@code --engine} takes it. */
    String name();

    /**
     * One full iteration on row-major factors {@code x} ({@code byUser.rows() × d}) and {@code y}
     * ({@code byItem.rows() × d}), updated in place.
     */
    void iterate(ImplicitAls.Csr byUser, ImplicitAls.Csr byItem, float[] x, float[] y);

    @Override
    default void close() {}
}

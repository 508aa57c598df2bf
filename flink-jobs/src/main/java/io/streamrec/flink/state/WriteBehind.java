package io.streamrec.flink.state;

/** A keyed function whose keyed state sits behind a {@link WriteBehindState} cache. */
public interface WriteBehind {
    /** The cache in front of the function's keyed state (available once the function is open). */
    WriteBehindState<?> writeBehindState();
}

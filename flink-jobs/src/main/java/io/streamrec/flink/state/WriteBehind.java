package io.streamrec.flink.state;

import java.util.function.Consumer;

/** A keyed function whose keyed state sits behind {@link WriteBehindState} caches. */
public interface WriteBehind {
    /** Starts caching; {@code keys} switches the keyed-state backend to a key. */
    void enableWriteBehind(Consumer<String> keys);

    /** Writes every cached change back to the state backend. */
    void writeBack() throws Exception;
}

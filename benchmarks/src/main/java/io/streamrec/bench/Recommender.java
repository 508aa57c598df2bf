package io.streamrec.bench;

import io.streamrec.core.event.Event;
import java.util.List;
import java.util.Set;

/** A scenario of the quality benchmark: learns from events in event-time order and recommends. */
interface Recommender {
    String name();

    /** Up to {@code k} items for the user, best first, none of {@code exclude}. */
    List<String> recommend(String user, int k, Set<String> exclude, long now);

    void learn(Event e);

    /**
     * True when {@link #recommend} changes nothing that a later call or {@link #learn} sees (given
     * that {@code now} never runs ahead of the next event learned): both protocols may then share one
     * pass over the stream with figures identical to a pass each.
     */
    default boolean rankingLeavesNoTrace() {
        return false;
    }
}

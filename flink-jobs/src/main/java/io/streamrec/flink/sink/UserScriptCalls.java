package io.streamrec.flink.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs the writes of many users into few calls of one script ({@code write_user_*.lua}, each of which
 * loops over the users it is given): up to {@link #PER_CALL} users a call, on a Redis Cluster only users
 * whose keys share a slot ({@link PipelineBatch#slotOf}). Each script call costs Redis time beyond the
 * commands the script runs (about 1.5 µs per user write with one user a call, measured in isolation:
 * docs/benchmarks.md, the learn section).
 */
final class UserScriptCalls {
    static final int PER_CALL = 64;

    private final PipelineBatch pipeline;
    private final byte[] sha;
    private final List<byte[]> head;
    private final Map<Integer, Call> open = new HashMap<>();

    private static final class Call {
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> args = new ArrayList<>();
        int users;
    }

    /** Calls of script {@code sha} whose arguments start with {@code head} (the same for every user). */
    UserScriptCalls(PipelineBatch pipeline, byte[] sha, List<byte[]> head) {
        this.pipeline = pipeline;
        this.sha = sha;
        this.head = head;
    }

    /** Adds one user's keys (the first names the user's slot) and arguments; sends a call once it is full. */
    void add(List<byte[]> keys, List<byte[]> args, String firstKey) {
        int slot = pipeline.slotOf(firstKey);
        Call c = open.computeIfAbsent(slot, s -> {
            Call fresh = new Call();
            fresh.args.addAll(head);
            return fresh;
        });
        c.keys.addAll(keys);
        c.args.addAll(args);
        if (++c.users == PER_CALL) {
            pipeline.evalsha(sha, c.keys, c.args);
            open.remove(slot);
        }
    }

    /** Sends the calls not yet full. */
    void send() {
        for (Call c : open.values()) {
            pipeline.evalsha(sha, c.keys, c.args);
        }
        open.clear();
    }
}

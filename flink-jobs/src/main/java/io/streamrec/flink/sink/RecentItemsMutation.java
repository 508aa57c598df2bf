package io.streamrec.flink.sink;

import static io.streamrec.flink.sink.VectorMutations.utf8;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRecentItems;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a user's recent items, bought items and category interests, one binary value
 * ({@code sr:{u:<id>}:lists}, {@link io.streamrec.core.interest.UserLists}), whole, with the
 * version-guarded {@code write_user_lists.lua} (the version is the value's first 8 bytes; the users of a
 * flush in few calls); a forgotten user's tombstone deletes it and the meta fields earlier releases kept
 * its version in (each of the user's sinks removes its own; the API's forget-user has deleted every key
 * already). Several versions of a user in one flush are written once, the newest.
 */
public final class RecentItemsMutation implements RedisMutation<UserRecentItems> {
    private static final long serialVersionUID = 1L;

    private final long ttlSeconds;

    public RecentItemsMutation(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String coalesceKey(UserRecentItems u) {
        return u.userId;
    }

    /**
     * {@link io.streamrec.flink.learn.UserLearnerFunction} emits a new element per event whose lists are an
     * encoding it never writes again ({@code RecentItemsTest}): buffered without a copy of a user's lists each.
     */
    @Override
    public boolean emittedUnchanged() {
        return true;
    }

    @Override
    public void write(PipelineBatch p, UserRecentItems u, ScriptShas scripts) {
        writeAll(p, List.of(u), scripts);
    }

    /** The users' lists in few script calls ({@link UserScriptCalls}). */
    @Override
    public void writeAll(PipelineBatch p, List<UserRecentItems> updates, ScriptShas scripts) {
        UserScriptCalls calls = new UserScriptCalls(p, utf8(scripts.sha(RedisScripts.WRITE_USER_LISTS)),
                List.of(utf8(Long.toString(ttlSeconds))));
        for (UserRecentItems u : updates) {
            if (u.isForgotten()) {
                // only what this sink writes: the vector and buy-again sinks write other fields of the same meta
                // hash, and a tombstone here must not wipe what they wrote for an event after it (the API has
                // deleted every key of the user already)
                List<String> keys = new ArrayList<>(RedisKeys.legacyUserKeys(u.userId));
                keys.add(RedisKeys.userLists(u.userId));
                p.del(keys.toArray(String[]::new));
                p.hdel(RedisKeys.userMeta(u.userId), RedisKeys.META_RECENT_VERSION, RedisKeys.META_UPDATED_AT,
                        RedisKeys.META_LISTS);
                continue;
            }
            String key = RedisKeys.userLists(u.userId);
            List<String> legacy = RedisKeys.legacyUserKeys(u.userId);
            calls.add(List.of(utf8(key), utf8(RedisKeys.userMeta(u.userId)),
                            utf8(legacy.get(0)), utf8(legacy.get(1)), utf8(legacy.get(2))),
                    List.of(u.lists), key);
        }
        calls.send();
    }
}

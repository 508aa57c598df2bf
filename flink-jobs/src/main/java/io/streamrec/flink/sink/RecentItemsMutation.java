package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRecentItems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Response;

/**
 * Writes a user's ranked recent items, bought items and category interests with a version-guarded Lua
 * script; a forgotten user's tombstone deletes them and this sink's fields of the user's meta hash
 * (each of the user's sinks removes its own; the API's forget-user has deleted every key already).
 *
 * <p>The first write of a user is whole ({@code replace_recent_items.lua}: up to 100 sorted-set members
 * rebuilt). Afterwards this writer remembers what it wrote for the {@value #REMEMBERED} users it wrote
 * most recently and sends only what changed since ({@code update_recent_items.lua}): an event changes one
 * recent item's weight (the job publishes the weights in forward form, see
 * {@link io.streamrec.flink.interest.RecentItems#rankedAtLandmark}) and the interests, so that is a few
 * commands. The changes apply only on top of the version they were computed from; when Redis holds
 * another one (a restore replayed older events, a forget-user, an expired key) the user is written whole
 * in the same flush.
 */
public final class RecentItemsMutation implements RedisMutation<UserRecentItems> {
    private static final long serialVersionUID = 1L;
    /** Users whose last written lists a writer keeps (least recently written out first). */
    static final int REMEMBERED = 10_000;
    private static final Long APPLIED = 1L;
    private static final Long NOT_BASE = -1L;

    private final long ttlSeconds;
    private transient Map<String, UserRecentItems> written;
    private transient List<Pending> pending;

    private record Pending(UserRecentItems element, Response<Object> reply, boolean changesOnly) {}

    public RecentItemsMutation(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public RedisMutation<UserRecentItems> forWriter() {
        RecentItemsMutation m = new RecentItemsMutation(ttlSeconds);
        m.written = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UserRecentItems> eldest) {
                return size() > REMEMBERED;
            }
        };
        return m;
    }

    @Override
    public String coalesceKey(UserRecentItems u) {
        return u.userId;
    }

    @Override
    public void writeAll(PipelineBatch p, List<UserRecentItems> elements, ScriptShas scripts) {
        pending = new ArrayList<>(elements.size());
        for (UserRecentItems u : elements) {
            write(p, u, scripts);
        }
    }

    @Override
    public void write(PipelineBatch p, UserRecentItems u, ScriptShas scripts) {
        if (u.isForgotten()) {
            // only what this sink writes: the vector and buy-again sinks write other fields of the same meta
            // hash, and a tombstone here must not wipe what they wrote for an event after it (the API has
            // deleted every key of the user already)
            if (written != null) {
                written.remove(u.userId);
            }
            p.del(RedisKeys.userRecentItems(u.userId), RedisKeys.userBought(u.userId), RedisKeys.userInterests(u.userId));
            p.hdel(RedisKeys.userMeta(u.userId), RedisKeys.META_RECENT_VERSION, RedisKeys.META_RECENT_REF_TS,
                    RedisKeys.META_UPDATED_AT);
            return;
        }
        UserRecentItems before = written == null ? null : written.get(u.userId);
        List<String> keys = List.of(RedisKeys.userRecentItems(u.userId), RedisKeys.userMeta(u.userId),
                RedisKeys.userBought(u.userId), RedisKeys.userInterests(u.userId));
        boolean changesOnly = before != null && before.version < u.version;
        Response<Object> reply = changesOnly
                ? p.evalsha(scripts.sha(RedisScripts.UPDATE_RECENT_ITEMS), keys, changes(before, u))
                : p.evalsha(scripts.sha(RedisScripts.REPLACE_RECENT_ITEMS), keys, whole(u));
        if (pending != null) {
            pending.add(new Pending(u, reply, changesOnly));
        }
    }

    @Override
    public List<UserRecentItems> afterSync() {
        List<UserRecentItems> again = new ArrayList<>();
        if (pending == null || written == null) {
            return again;
        }
        for (Pending w : pending) {
            Object r = w.reply().get();
            if (APPLIED.equals(r)) {
                written.put(w.element().userId, w.element());
            } else {
                // stale (Redis holds a newer version) or not on the base: write whole next time
                written.remove(w.element().userId);
                if (w.changesOnly() && NOT_BASE.equals(r)) {
                    again.add(w.element());
                }
            }
        }
        pending = null;
        return again;
    }

    /** The arguments of replace_recent_items.lua: the user's lists whole. */
    private List<String> whole(UserRecentItems u) {
        List<String> args = new ArrayList<>(6 + 2 * u.items.length + 2 * u.bought.length);
        args.add(Long.toString(u.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        // every entry, from the same member → value maps the changes are taken from (so a value written
        // whole and the same value in a later change are the same string)
        Map<String, String> recent = recent(u);
        Map<String, String> bought = bought(u);
        args.add(Integer.toString(recent.size()));
        args.add(Integer.toString(bought.size()));
        diff(Map.of(), recent, args, true);
        diff(Map.of(), bought, args, true);
        diff(Map.of(), interests(u), args, false);
        return args;
    }

    /** The arguments of update_recent_items.lua: what changed from {@code before} to {@code u}. */
    List<String> changes(UserRecentItems before, UserRecentItems u) {
        Map<String, String> recentBefore = recent(before);
        Map<String, String> recentNow = recent(u);
        Map<String, String> boughtBefore = bought(before);
        Map<String, String> boughtNow = bought(u);
        Map<String, String> interestsBefore = interests(before);
        Map<String, String> interestsNow = interests(u);

        List<String> args = new ArrayList<>();
        args.add(Long.toString(u.version));
        args.add(Long.toString(before.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        int[] counts = new int[6];
        List<String> tail = new ArrayList<>();
        counts[0] = diff(recentBefore, recentNow, tail, true);
        counts[1] = removedFrom(recentBefore, recentNow, tail);
        counts[2] = diff(boughtBefore, boughtNow, tail, true);
        counts[3] = removedFrom(boughtBefore, boughtNow, tail);
        counts[4] = diff(interestsBefore, interestsNow, tail, false);
        counts[5] = removedFrom(interestsBefore, interestsNow, tail);
        for (int c : counts) {
            args.add(Integer.toString(c));
        }
        args.addAll(tail);
        return args;
    }

    /** Recent item → its weight as written, strongest first. */
    private static Map<String, String> recent(UserRecentItems u) {
        return scores(u.items, i -> Double.toString(u.scores[i]));
    }

    /** Bought item → the time of its latest purchase as written. */
    private static Map<String, String> bought(UserRecentItems u) {
        return scores(u.bought, i -> Long.toString(u.boughtTs[i]));
    }

    /** Member → its score as written, in the order of {@code members}. */
    private static Map<String, String> scores(String[] members, java.util.function.IntFunction<String> score) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i++) {
            m.put(members[i], score.apply(i));
        }
        return m;
    }

    private static Map<String, String> interests(UserRecentItems u) {
        Map<String, String> m = new LinkedHashMap<>();
        if (u.categories != null) {
            for (int i = 0; i < u.categories.length; i++) {
                m.put(u.categories[i], RedisKeys.interestValue(u.shortInterest[i], u.longInterest[i]));
            }
        }
        return m;
    }

    /**
     * Appends the entries of {@code now} that are new or changed since {@code before} to {@code out}
     * (score first for a sorted set, field first for a hash); returns how many.
     */
    private static int diff(Map<String, String> before, Map<String, String> now, List<String> out, boolean scoreFirst) {
        int n = 0;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                out.add(scoreFirst ? e.getValue() : e.getKey());
                out.add(scoreFirst ? e.getKey() : e.getValue());
                n++;
            }
        }
        return n;
    }

    /** Appends the keys of {@code before} that {@code now} no longer has to {@code out}; returns how many. */
    private static int removedFrom(Map<String, String> before, Map<String, String> now, List<String> out) {
        int n = 0;
        for (String k : before.keySet()) {
            if (!now.containsKey(k)) {
                out.add(k);
                n++;
            }
        }
        return n;
    }
}

package io.streamrec.flink.sink;

import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisScripts;
import io.streamrec.flink.interest.UserRecentItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Response;

/**
 * Writes a user's recent items, bought items and category interests with a version-guarded Lua
 * script; a forgotten user's tombstone deletes them and this sink's fields of the user's meta hash
 * (each of the user's sinks removes its own; the API's forget-user has deleted every key already).
 *
 * <p>The first write of a user is whole ({@code replace_recent_items.lua}: up to 100 sorted-set members
 * rebuilt). Afterwards this writer sends only what changed ({@code update_recent_items.lua}) since what
 * it remembers writing (for the {@value #REMEMBERED} users it wrote most recently) or, for the others,
 * since the lists the operator published before ({@link UserRecentItems#previous}): an event changes one
 * recent item's weight (the job publishes the weights in forward form and in the state's slot order, see
 * {@link io.streamrec.flink.interest.RecentItems#atLandmark}, so consecutive lists line up member by
 * member) and the interests, so that is a few commands. The changes apply only on top of the version
 * they were computed from; when Redis holds another one (a restore replayed older events, a forget-user,
 * an expired key) the user is written whole in the same flush.
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

    /** The copy keeps the lists the changes are taken against ({@link UserRecentItems#previous}, transient). */
    @Override
    public UserRecentItems copied(UserRecentItems original, UserRecentItems copy) {
        if (copy != original) {
            copy.previous = original.previous;
        }
        return copy;
    }

    /** The later lists, with the earlier one's base: the changes since what Redis held before both. */
    @Override
    public UserRecentItems coalesce(UserRecentItems older, UserRecentItems newer) {
        if (!newer.isForgotten()) {
            newer.previous = older.isForgotten() ? null : older.previous;
        }
        return newer;
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
        if ((before == null || before.version >= u.version) && u.previous != null && u.previous.version < u.version) {
            before = u.previous; // what the operator published before: Redis holds it unless a write was lost
        }
        u.previous = null; // written now: keep no older lists alive
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
        List<String> args = new ArrayList<>(6 + 2 * u.items.length + 2 * u.bought.length + 2 * count(u.categories));
        args.add(Long.toString(u.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        args.add(Integer.toString(u.items.length));
        args.add(Integer.toString(u.bought.length));
        // every entry, formatted as the changes format them (so a value written whole and the same value
        // in a later change are the same string)
        UserRecentItems none = new UserRecentItems("", 0, 0, NONE, new double[0], NONE, new long[0]);
        changed(none, u, Column.RECENT, args, new int[1]);
        changed(none, u, Column.BOUGHT, args, new int[1]);
        changed(none, u, Column.INTERESTS, args, new int[1]);
        return args;
    }

    /** The arguments of update_recent_items.lua: what changed from {@code before} to {@code u}. */
    List<String> changes(UserRecentItems before, UserRecentItems u) {
        List<String> args = new ArrayList<>(24);
        args.add(Long.toString(u.version));
        args.add(Long.toString(before.version));
        args.add(Long.toString(u.refTs));
        args.add(Long.toString(ttlSeconds));
        args.add(Long.toString(System.currentTimeMillis()));
        int[] counts = new int[6];
        List<String> tail = new ArrayList<>(16);
        int[] matched = new int[1];
        for (Column c : Column.values()) {
            counts[2 * c.ordinal()] = changed(before, u, c, tail, matched);
            counts[2 * c.ordinal() + 1] = removed(c.members(before), c.members(u), matched[0], tail);
        }
        for (int c : counts) {
            args.add(Integer.toString(c));
        }
        args.addAll(tail);
        return args;
    }

    private static final String[] NONE = new String[0];

    private static int count(String[] a) {
        return a == null ? 0 : a.length;
    }

    /**
     * The three lists a write carries: members and their values as written (a recent item's weight, a
     * bought item's latest purchase time, a category's "short long" interest). Two values are written as
     * the same string exactly when their numbers are the same, so the changes compare numbers and format
     * only what changed.
     */
    private enum Column {
        RECENT(true) {
            String[] members(UserRecentItems u) {
                return u.items;
            }

            boolean same(UserRecentItems a, int i, UserRecentItems b, int j) {
                return Double.doubleToLongBits(a.scores[i]) == Double.doubleToLongBits(b.scores[j]);
            }

            String value(UserRecentItems u, int i) {
                return Double.toString(u.scores[i]);
            }
        },
        BOUGHT(true) {
            String[] members(UserRecentItems u) {
                return u.bought;
            }

            boolean same(UserRecentItems a, int i, UserRecentItems b, int j) {
                return a.boughtTs[i] == b.boughtTs[j];
            }

            String value(UserRecentItems u, int i) {
                return Long.toString(u.boughtTs[i]);
            }
        },
        INTERESTS(false) {
            String[] members(UserRecentItems u) {
                return u.categories == null ? NONE : u.categories;
            }

            boolean same(UserRecentItems a, int i, UserRecentItems b, int j) {
                return Double.doubleToLongBits(a.shortInterest[i]) == Double.doubleToLongBits(b.shortInterest[j])
                        && Double.doubleToLongBits(a.longInterest[i]) == Double.doubleToLongBits(b.longInterest[j]);
            }

            String value(UserRecentItems u, int i) {
                return RedisKeys.interestValue(u.shortInterest[i], u.longInterest[i]);
            }
        };

        /** Sorted-set lists are written score first, the hash field first. */
        final boolean scoreFirst;

        Column(boolean scoreFirst) {
            this.scoreFirst = scoreFirst;
        }

        abstract String[] members(UserRecentItems u);

        /** Whether member {@code i} of {@code a} and member {@code j} of {@code b} have the same value. */
        abstract boolean same(UserRecentItems a, int i, UserRecentItems b, int j);

        abstract String value(UserRecentItems u, int i);
    }

    /**
     * Appends the members of {@code now}'s column that are new or changed since {@code before} to
     * {@code out}, in {@code now}'s order; returns how many, and in {@code matched[0]} how many of
     * {@code before}'s members {@code now} still has. A member usually keeps its place between two writes
     * (one event changes one weight), so a member is looked for at its place first, in a map only when
     * it moved.
     */
    private static int changed(UserRecentItems before, UserRecentItems now, Column c, List<String> out, int[] matched) {
        String[] b = c.members(before);
        String[] n = c.members(now);
        Map<String, Integer> at = null;
        int changedCount = 0;
        matched[0] = 0;
        for (int i = 0; i < n.length; i++) {
            int j = -1;
            if (i < b.length && b[i].equals(n[i])) {
                j = i;
            } else if (b.length > 0) {
                if (at == null) {
                    at = new HashMap<>(b.length * 2);
                    for (int k = 0; k < b.length; k++) {
                        at.put(b[k], k);
                    }
                }
                Integer k = at.get(n[i]);
                j = k == null ? -1 : k;
            }
            if (j >= 0) {
                matched[0]++;
                if (c.same(before, j, now, i)) {
                    continue;
                }
            }
            String v = c.value(now, i);
            out.add(c.scoreFirst ? v : n[i]);
            out.add(c.scoreFirst ? n[i] : v);
            changedCount++;
        }
        return changedCount;
    }

    /**
     * Appends the members of {@code before} that {@code now} no longer has to {@code out}, in
     * {@code before}'s order; returns how many ({@code matched}: how many of them {@code now} has).
     */
    private static int removed(String[] before, String[] now, int matched, List<String> out) {
        if (matched == before.length) {
            return 0;
        }
        Set<String> kept = new HashSet<>(Arrays.asList(now));
        int n = 0;
        for (String k : before) {
            if (!kept.contains(k)) {
                out.add(k);
                n++;
            }
        }
        return n;
    }
}

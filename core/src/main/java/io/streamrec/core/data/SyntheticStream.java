package io.streamrec.core.data;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic event stream for load and scale tests (never for quality figures, which come from the
 * real data): power-law activity of users and popularity of items, items in categories, and users
 * whose interests drift from category to category.
 *
 * <ul>
 *   <li>{@code categories} categories; item {@code i} belongs to category {@code i mod categories};
 *       inside a category, popularity follows a Zipf law (exponent 1.1);</li>
 *   <li>user activity follows a Zipf law (exponent 1.0), so a few users produce many events;</li>
 *   <li>each user has two categories of interest; 80% of their events fall in them, the rest
 *       anywhere; with probability 0.2% per event one of the two is replaced (drift);</li>
 *   <li>types: 70% view, 14% click, 8% add_to_cart, 5% purchase, 2% impression, 1% remove_from_cart.</li>
 * </ul>
 */
public final class SyntheticStream {
    private final int users;
    private final int items;
    private final int categories;
    private final SplittableRandom rnd;
    private final double[] userCdf;
    private final double[] itemCdf;
    private final int[][] interests;
    private final int perCategory;

    public SyntheticStream(int users, int items, int categories, long seed) {
        this.users = users;
        this.items = items;
        this.categories = Math.min(categories, items);
        this.rnd = new SplittableRandom(seed);
        this.userCdf = zipfCdf(users, 1.0);
        this.perCategory = Math.max(1, items / this.categories);
        this.itemCdf = zipfCdf(perCategory, 1.1);
        this.interests = new int[users][2];
        for (int u = 0; u < users; u++) {
            interests[u][0] = rnd.nextInt(this.categories);
            interests[u][1] = rnd.nextInt(this.categories);
        }
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private int draw(double[] cdf) {
        double x = rnd.nextDouble();
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public static String categoryName(int c) {
        return "cat" + c;
    }

    /** The next event, at time {@code ts}. */
    public Event next(long ts) {
        int u = draw(userCdf);
        if (rnd.nextDouble() < 0.002) {
            interests[u][rnd.nextInt(2)] = rnd.nextInt(categories);
        }
        int c = rnd.nextDouble() < 0.8 ? interests[u][rnd.nextInt(2)] : rnd.nextInt(categories);
        int rank = draw(itemCdf);
        int item = Math.min(items - 1, rank * categories + c);
        double t = rnd.nextDouble();
        EventType type = t < 0.70 ? EventType.VIEW : t < 0.84 ? EventType.CLICK : t < 0.92 ? EventType.ADD_TO_CART
                : t < 0.97 ? EventType.PURCHASE : t < 0.99 ? EventType.IMPRESSION : EventType.REMOVE_FROM_CART;
        Event e = Event.of("u" + u, "i" + item, type, ts);
        e.category = categoryName(item % categories);
        if (type == EventType.PURCHASE) {
            e.value = (double) (1 + rnd.nextInt(3));
        }
        return e;
    }

    /** {@code n} events spaced {@code gapMillis} apart, ending at {@code endTs}. */
    public List<Event> events(int n, long endTs, long gapMillis) {
        List<Event> out = new ArrayList<>(n);
        long start = endTs - (long) n * gapMillis;
        for (int i = 0; i < n; i++) {
            out.add(next(start + i * gapMillis));
        }
        return out;
    }
}

package io.streamrec.flink.learn;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A planted stream: users of group A only touch items a0…a(n-1), users of group B only b0…b(n-1),
 * with popularity skew inside each group. A model that learns must separate the groups.
 */
public final class PlantedStreamEvents {
    private PlantedStreamEvents() {}

    public static List<Event> events(int usersPerGroup, int itemsPerGroup, int events, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(events);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < events; i++) {
            boolean a = r.nextBoolean();
            String user = (a ? "ua" : "ub") + r.nextInt(usersPerGroup);
            // Zipf-like: low item numbers are more popular
            int item = (int) Math.min(itemsPerGroup - 1, Math.floor(Math.pow(r.nextDouble(), 2) * itemsPerGroup));
            EventType type = r.nextInt(10) == 0 ? EventType.PURCHASE : EventType.VIEW;
            Event e = Event.of(user, (a ? "a" : "b") + item, type, t + i * 1000L);
            e.category = a ? "garden" : "kitchen";
            out.add(e);
        }
        return out;
    }

    public static boolean groupA(String id) {
        return id.startsWith("ua") || id.startsWith("a");
    }
}

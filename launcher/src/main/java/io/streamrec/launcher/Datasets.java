package io.streamrec.launcher;

import io.streamrec.core.data.EventFiles;
import io.streamrec.core.data.OnlineRetail;
import io.streamrec.core.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The data sets shipped in {@code data/} by name, or any JSONL event file. */
public final class Datasets {
    public static final Map<String, String> NAMED = Map.of(
            "online-retail-head", "data/online-retail/online-retail-2010-12-head.csv",
            "online-retail-sample", "data/online-retail/online-retail-2010-2011-sample40k.csv",
            "online-retail-full", "data/online-retail/online-retail-2010-2011-full.csv.gz");

    private Datasets() {}

    /** The products of a named data set by item id (title and price); empty for an event file. */
    public static Map<String, OnlineRetail.Product> products(Path home, String nameOrFile) {
        return NAMED.containsKey(nameOrFile) ? OnlineRetail.products(home.resolve(NAMED.get(nameOrFile))) : Map.of();
    }

    /** Events of a named data set or a .jsonl file, in event-time order. */
    public static List<Event> load(Path home, String nameOrFile) {
        List<Event> events;
        if (NAMED.containsKey(nameOrFile)) {
            OnlineRetail.Result r = OnlineRetail.read(home.resolve(NAMED.get(nameOrFile)));
            System.err.printf("%s: %d rows -> %d events (%d purchases, %d cancellations; skipped %d guest rows, "
                            + "%d non-product rows, %d others)%n", nameOrFile, r.stats().rows(), r.stats().events(),
                    r.stats().purchases(), r.stats().cancellations(), r.stats().guestRows(),
                    r.stats().nonProductRows(), r.stats().otherSkipped());
            events = new java.util.ArrayList<>(r.events());
        } else {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no data set named '" + nameOrFile + "' and no such file; named: "
                        + String.join(", ", NAMED.keySet()));
            }
            EventFiles.ReadResult r = EventFiles.read(file);
            if (!r.rejected().isEmpty()) {
                System.err.printf("%s: %d lines rejected, first: line %d: %s%n", file, r.rejected().size(),
                        r.rejected().get(0).line(), r.rejected().get(0).reason());
            }
            events = new java.util.ArrayList<>(r.events());
        }
        events.sort(Comparator.comparingLong(e -> e.ts));
        return events;
    }
}

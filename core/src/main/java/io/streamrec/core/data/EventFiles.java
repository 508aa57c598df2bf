package io.streamrec.core.data;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.ParseResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The project's event file format: JSONL, one event per line in the contract of {@link EventParser}.
 * Every tool's {@code --events FILE.jsonl} goes through here.
 */
public final class EventFiles {
    private EventFiles() {}

    /** One line that could not be read, with its 1-based line number. */
    public record BadLine(int line, String reason) {}

    public record ReadResult(List<Event> events, List<BadLine> rejected) {}

    /** Reads a JSONL file; old timestamps are fine (history), the clock only bounds the future. */
    public static ReadResult read(Path file) {
        EventParser parser = new EventParser();
        List<Event> events = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                ParseResult p = parser.parse(line);
                if (p.isValid()) {
                    events.add(p.event());
                } else {
                    bad.add(new BadLine(n, p.reason()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReadResult(events, bad);
    }

    public static void write(Path file, Collection<Event> events) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Event e : events) {
                    w.write(EventJson.toJson(e));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

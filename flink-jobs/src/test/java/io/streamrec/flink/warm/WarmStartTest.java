package io.streamrec.flink.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.data.EventFiles;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history that does not read, or a model of another width, stops warm-start before anything is written. */
class WarmStartTest {
    @TempDir
    Path dir;

    static List<Event> history(int users, int items) {
        List<Event> out = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < 4; k++) {
                out.add(Event.of("u" + u, "i" + ((u * 3 + k * 5) % items), k % 2 == 0 ? EventType.PURCHASE : EventType.VIEW,
                        t + 60_000L * (u * 4 + k)));
            }
        }
        return out;
    }

    String[] args(Path events, String... more) {
        List<String> a = new ArrayList<>(List.of("--events", events.toString(), "--savepoint", dir.resolve("sp").toString(),
                "--redis", "off", "--model.mf.dim", "8", "--iterations", "2"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    void assertNothingWritten() throws IOException {
        assertThat(dir.resolve("sp")).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("sp"));
        }
    }

    @Test
    void aBadLineIsNamedAndNothingIsWritten() throws Exception {
        Path f = dir.resolve("history.jsonl");
        EventFiles.write(f, history(5, 7));
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.add(3, "{\"userId\":\"u1\",\"itemId\":");
        Files.write(f, lines);
        assertThatThrownBy(() -> WarmStart.run(args(f), System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4").hasMessageContaining("nothing written");
        assertNothingWritten();
    }

    @Test
    void anEmptyHistoryIsRefused() throws Exception {
        Path f = dir.resolve("empty.jsonl");
        Files.writeString(f, "\n");
        assertThatThrownBy(() -> WarmStart.run(args(f), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no events");
        assertNothingWritten();
    }

    @Test
    void aHistoryCutBeforeItsFirstEventIsRefused() throws Exception {
        Path f = dir.resolve("history.jsonl");
        EventFiles.write(f, history(5, 7));
        assertThatThrownBy(() -> WarmStart.run(args(f, "--until", "2000-01-01"), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to train on");
        assertNothingWritten();
    }

    @Test
    void aDimensionOtherThanTheJobsIsRefused() throws Exception {
        Path f = dir.resolve("history.jsonl");
        EventFiles.write(f, history(5, 7));
        assertThatThrownBy(() -> WarmStart.run(args(f, "--dim", "16"), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.mf.dim 8");
        assertNothingWritten();
    }

    @Test
    void aNonEmptySavepointDirectoryIsNotOverwritten() throws Exception {
        Path f = dir.resolve("history.jsonl");
        EventFiles.write(f, history(5, 7));
        Files.createDirectories(dir.resolve("sp"));
        Files.writeString(dir.resolve("sp/_metadata"), "an older savepoint");
        assertThatThrownBy(() -> WarmStart.run(args(f), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(Files.readString(dir.resolve("sp/_metadata"))).isEqualTo("an older savepoint");
    }

    @Test
    void untilTakesMillisDatesAndInstants() {
        assertThat(WarmStart.parseTime("1700000000000")).isEqualTo(1_700_000_000_000L);
        assertThat(WarmStart.parseTime("2011-09-01")).isEqualTo(1_314_835_200_000L);
        assertThat(WarmStart.parseTime("2011-09-01T00:00:00Z")).isEqualTo(1_314_835_200_000L);
        assertThat(WarmStart.parseTime(null)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> WarmStart.parseTime("yesterday")).isInstanceOf(IllegalArgumentException.class);
    }
}

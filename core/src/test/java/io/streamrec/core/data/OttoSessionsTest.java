package io.streamrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OttoSessionsTest {
    static List<Event> read(String text, long max, CsvImport.Stats[] stats) throws Exception {
        List<Event> out = new ArrayList<>();
        stats[0] = OttoSessions.read(new BufferedReader(new StringReader(text)), max, out::add);
        return out;
    }

    @Test
    void sessionsBecomeUsersAndTypesTheContractsNames() throws Exception {
        String text = String.join("\n",
                "{\"session\":7,\"events\":[{\"aid\":11,\"ts\":1659304800025,\"type\":\"clicks\"},"
                        + "{\"aid\":11,\"ts\":1659304800026,\"type\":\"carts\"},{\"aid\":11,\"ts\":1659304800027,\"type\":\"orders\"}]}",
                "{\"session\":8,\"events\":[{\"aid\":12,\"ts\":1659304801,\"type\":\"clicks\"},"
                        + "{\"aid\":13,\"ts\":1659304802,\"type\":\"wishes\"},{\"aid\":14,\"type\":\"clicks\"}]}",
                "",
                "{\"session\":9,\"events\":\"none\"}",
                "not json",
                "{\"session\":10,\"events\":[{\"aid\":15,\"ts\":-3,\"type\":\"clicks\"}]}");
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(text, 0, s);
        assertThat(events).containsExactly(Event.of("7", "11", EventType.VIEW, 1659304800025L),
                Event.of("7", "11", EventType.ADD_TO_CART, 1659304800026L),
                Event.of("7", "11", EventType.PURCHASE, 1659304800027L),
                Event.of("8", "12", EventType.VIEW, 1659304801000L)); // seconds
        assertThat(s[0].events()).isEqualTo(4);
        assertThat(s[0].skipped()).containsEntry(CsvImport.UNMAPPED_TYPE, 1L).containsEntry(CsvImport.BAD_TS, 1L)
                .containsEntry(CsvImport.BLANK, 1L).containsEntry("not a session (no session id or events)", 1L)
                .containsEntry("not a session (JSON)", 1L).containsEntry(CsvImport.CONTRACT, 1L);
        assertThat(s[0].examples().get(CsvImport.UNMAPPED_TYPE)).containsExactly("line 2: 'wishes'");
        assertThat(s[0].rows()).isEqualTo(s[0].events() + s[0].skippedTotal());
        assertThat(read(text, 1, s)).hasSize(3); // the first session only
    }

    @Test
    void importsTheShippedExcerpt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("otto.jsonl");
        CsvImport.Stats s = CsvImport.convert(Path.of("../data/otto/otto-sessions-excerpt.jsonl"), out,
                (r, sink) -> OttoSessions.read(r, 0, sink));
        assertThat(s.skipped()).isEmpty();
        assertThat(s.events()).isEqualTo(862);
        EventFiles.ReadResult back = EventFiles.read(out);
        assertThat(back.rejected()).isEmpty();
        Map<EventType, Long> byType = new java.util.EnumMap<>(EventType.class);
        back.events().forEach(e -> byType.merge(e.type, 1L, Long::sum));
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(
                Map.of(EventType.VIEW, 800L, EventType.ADD_TO_CART, 52L, EventType.PURCHASE, 10L));
        assertThat(back.events().stream().map(e -> e.userId).distinct()).hasSize(20);
        assertThat(back.events().stream().map(e -> e.itemId).distinct()).hasSize(510);
        assertThat(back.events().get(0)).isEqualTo(Event.of("0", "1517085", EventType.VIEW, 1659304800025L));
        assertThat(Files.size(out)).isPositive();
    }
}

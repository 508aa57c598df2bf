package io.streamrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticStreamTest {
    @Test
    void powerLawPopularityValidEventsAndDeterminism() {
        List<Event> a = new SyntheticStream(1000, 5000, 20, 7).events(50_000, 1_700_000_000_000L, 10);
        List<Event> b = new SyntheticStream(1000, 5000, 20, 7).events(50_000, 1_700_000_000_000L, 10);
        assertThat(a).isEqualTo(b);
        Map<String, Integer> items = new HashMap<>();
        a.forEach(e -> items.merge(e.itemId, 1, Integer::sum));
        int top = items.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(top).as("the most popular item is far above the mean").isGreaterThan(20 * 50_000 / items.size());
        EventParser parser = new EventParser();
        for (Event e : a.subList(0, 1000)) {
            assertThat(parser.parse(e.toString()).event()).isEqualTo(e);
            assertThat(e.category).isEqualTo("cat" + (Integer.parseInt(e.itemId.substring(1)) % 20));
        }
    }
}

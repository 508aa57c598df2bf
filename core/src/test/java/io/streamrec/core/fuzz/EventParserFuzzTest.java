package io.streamrec.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.ParseResult;

/**
 * Any bytes at the event parser (what Kafka or the API may hand it): it answers with an event or a
 * reason, never an exception, and an event it accepts says the same after being written and read
 * again. Seeds in src/test/resources/io/streamrec/core/fuzz/EventParserFuzzTestInputs.
 */
class EventParserFuzzTest {
    private static final EventParser PARSER = new EventParser(() -> 1_700_000_000_000L);

    @FuzzTest(maxDuration = "10s")
    void parsesAnyBytesIntoAnEventOrAReason(byte[] input) {
        ParseResult r = PARSER.parse(input);
        if (r.isValid()) {
            Event e = r.event();
            ParseResult again = PARSER.parse(EventJson.toJson(e));
            assertThat(again.isValid()).as(again.reason()).isTrue();
            assertThat(again.event()).isEqualTo(e);
        } else {
            assertThat(r.reason()).isNotBlank();
        }
    }
}

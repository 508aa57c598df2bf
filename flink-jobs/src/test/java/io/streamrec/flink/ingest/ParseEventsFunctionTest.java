package io.streamrec.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsFunctionTest {
    static RawEvent raw(String s, long offset) {
        return new RawEvent(s == null ? null : s.getBytes(StandardCharsets.UTF_8), "events", 1, offset, 0);
    }

    @Test
    void validEventsGoDownstreamInvalidOnesToTheDeadLetterOutputWithTheirReason() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, Event> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseEventsFunction())) {
            h.processElement(raw("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}", 1), 0);
            h.processElement(raw("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"teleport\",\"ts\":1}", 2), 0);
            h.processElement(raw("not json at all", 3), 0);
            h.processElement(raw(null, 4), 0);
            h.processElement(new RawEvent(new byte[] {(byte) 0xc3, (byte) 0x28}, "events", 0, 5, 0), 0);

            assertThat(h.extractOutputValues()).extracting(e -> e.itemId).containsExactly("i");
            ConcurrentLinkedQueue<StreamRecord<DeadLetter>> dlq = h.getSideOutput(ParseEventsFunction.DEAD_LETTERS);
            List<DeadLetter> letters = dlq.stream().map(StreamRecord::getValue).toList();
            assertThat(letters).hasSize(4);
            assertThat(letters.get(0).reason).startsWith("type: unknown event type 'teleport'");
            assertThat(letters.get(0).offset).isEqualTo(2);
            assertThat(letters.get(0).raw).contains("teleport");
            assertThat(letters.get(1).reason).startsWith("invalid JSON");
            assertThat(letters.get(2).reason).contains("null value");
            assertThat(letters.get(2).raw).isNull();
            assertThat(letters.get(3).reason).startsWith("invalid JSON");
            assertThat(letters.get(3).toJson()).contains("\"partition\":0").contains("\"offset\":5");
        }
    }
}

package io.streamrec.flink.ingest;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.ParseResult;
import io.streamrec.core.rank.ServedList;
import io.streamrec.flink.blend.ServedListRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates raw Kafka records against the event contract ({@link EventParser}, the same rules as the
 * API). Valid events go downstream; everything else goes to the {@link #DEAD_LETTERS} side output
 * with the reason, and is counted in the {@code invalidEvents} metric. Nothing is dropped silently.
 * Records marked as the API's served lists ({@link RawEvent#kind} {@code served}) go to the
 * {@link #SERVED_LISTS} side output instead (malformed ones and unknown kinds to the dead letters too).
 */
public class ParseEventsFunction extends ProcessFunction<RawEvent, Event> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<ServedListRecord> SERVED_LISTS = new OutputTag<>("served-lists") {};

    private transient EventParser parser;
    private transient Counter valid;
    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        parser = EventParser.withControlRecords(); // the API's forget_user tombstones too
        valid = getRuntimeContext().getMetricGroup().counter("validEvents");
        invalid = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<Event> out) {
        if (raw.kind != null) {
            servedList(raw, ctx);
            return;
        }
        ParseResult r;
        try {
            r = parser.parse(raw.value);
        } catch (RuntimeException unexpected) {
            // the parser is total by design; this only guards against a bug taking the job down
            r = ParseResult.rejected("unreadable record: " + unexpected.getClass().getSimpleName());
        }
        if (r.isValid()) {
            valid.inc();
            out.collect(r.event());
        } else {
            invalid.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(raw, r.reason(), ctx.timerService().currentProcessingTime()));
        }
    }

    private void servedList(RawEvent raw, Context ctx) {
        String reason;
        if (ServedList.KIND.equals(raw.kind)) {
            try {
                ctx.output(SERVED_LISTS, ServedListRecord.of(ServedList.fromJson(raw.value == null ? new byte[0] : raw.value)));
                return;
            } catch (IllegalArgumentException e) {
                reason = "invalid served list: " + e.getMessage();
            }
        } else {
            reason = "unknown record kind in header " + ServedList.KAFKA_HEADER + ": " + raw.kind;
        }
        invalid.inc();
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, reason, ctx.timerService().currentProcessingTime()));
    }
}

package io.streamrec.flink.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.EventJson;
import java.nio.charset.StandardCharsets;

/** A record the job could not accept, with the reason; written to the dead-letter topic as JSON. */
public class DeadLetter {
    public String reason;
    /** The record's value as text (invalid UTF-8 replaced), or null for a null value. */
    public String raw;
    public String topic;
    public int partition;
    public long offset;
    public long rejectedAt;

    public DeadLetter() {}

    public static DeadLetter of(RawEvent r, String reason, long now) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.raw = r.value == null ? null : new String(r.value, StandardCharsets.UTF_8);
        d.topic = r.topic;
        d.partition = r.partition;
        d.offset = r.offset;
        d.rejectedAt = now;
        return d;
    }

    public String toJson() {
        ObjectNode n = EventJson.MAPPER.createObjectNode();
        n.put("reason", reason);
        n.put("raw", raw);
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("rejectedAt", rejectedAt);
        return n.toString();
    }
}

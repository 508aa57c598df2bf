package io.streamrec.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits each user's events into sessions (visits), in event-time order. An event carrying an
 * invoice in its context ({@code "invoice"}, as the Online Retail loader writes it) belongs to the
 * session of that invoice: it opens a new session when the user's previous event had another
 * invoice. An event without one opens a new session when more than {@code gapMs} passed since the
 * user's previous event. A user's first event always opens a session. With {@code invoices} off,
 * only the gap counts.
 */
final class Sessions {
    private final boolean invoices;
    private final long gapMs;
    private final Map<String, String> lastInvoice = new HashMap<>();
    private final Map<String, Long> lastTs = new HashMap<>();

    Sessions(boolean invoices, long gapMs) {
        this.invoices = invoices;
        this.gapMs = gapMs;
    }

    /** {@code auto} (an invoice where the event has one, else the gap) or {@code gap}. */
    static Sessions of(String mode, long gapMs) {
        return switch (mode) {
            case "auto" -> new Sessions(true, gapMs);
            case "gap" -> new Sessions(false, gapMs);
            default -> throw new IllegalArgumentException("--session is auto or gap, got " + mode);
        };
    }

    /** A copy of the rule with no users seen yet. */
    Sessions fresh() {
        return new Sessions(invoices, gapMs);
    }

    boolean invoices() {
        return invoices;
    }

    long gapMs() {
        return gapMs;
    }

    /** Whether {@code e} opens a new session of its user; call once per event, in order. */
    boolean opens(Event e) {
        String invoice = invoices ? invoiceOf(e) : null;
        Long previous = lastTs.put(e.userId, e.ts);
        String previousInvoice = invoice == null ? lastInvoice.remove(e.userId) : lastInvoice.put(e.userId, invoice);
        if (previous == null) {
            return true;
        }
        if (invoice != null) {
            return !invoice.equals(previousInvoice);
        }
        return e.ts - previous > gapMs;
    }

    /** The event's invoice (its context's {@code "invoice"}), or null. */
    static String invoiceOf(Event e) {
        if (e.context == null || !e.context.contains("\"invoice\"")) {
            return null;
        }
        try {
            JsonNode n = EventJson.MAPPER.readTree(e.context).get("invoice");
            return n == null || n.isNull() ? null : n.asText();
        } catch (JsonProcessingException ex) {
            return null;
        }
    }
}

package io.streamrec.core.event;

/** Either a valid {@link Event} or the reason the input was rejected. */
public final class ParseResult {
    private final Event event;
    private final String reason;

    private ParseResult(Event event, String reason) {
        this.event = event;
        this.reason = reason;
    }

    public static ParseResult ok(Event event) {
        return new ParseResult(event, null);
    }

    public static ParseResult rejected(String reason) {
        return new ParseResult(null, reason);
    }

    public boolean isValid() {
        return event != null;
    }

    /** The event; only when {@link #isValid()}. */
    public Event event() {
        if (event == null) {
            throw new IllegalStateException("rejected: " + reason);
        }
        return event;
    }

    /** Why the input was rejected; null when valid. */
    public String reason() {
        return reason;
    }
}

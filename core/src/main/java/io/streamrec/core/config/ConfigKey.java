package io.streamrec.core.config;

import java.util.Locale;

/**
 * One documented setting: its name in {@code config/streamrec.properties}, its default, what it
 * means, and what values are valid. The environment variable that overrides it is derived from the
 * name: {@code kafka.bootstrap} → {@code STREAMREC_KAFKA_BOOTSTRAP}.
 */
public record ConfigKey(String name, String defaultValue, Kind kind, long min, long max, String description,
                        java.util.List<String> choices) {

    public enum Kind { STRING, INT, LONG, BOOLEAN, DOUBLE, CHOICE }

    public String envName() {
        return "STREAMREC_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Checks one raw value; returns null when valid, else a message for the operator. */
    String validate(String raw) {
        String v = raw.trim();
        switch (kind) {
            case STRING:
                return v.isEmpty() && min > 0 ? "must not be empty" : null;
            case CHOICE:
                return choices.contains(v) ? null : "expected one of " + String.join(", ", choices) + ", got '" + raw + "'";
            case BOOLEAN:
                return v.equals("true") || v.equals("false") ? null : "expected true or false, got '" + raw + "'";
            case INT:
            case LONG:
                try {
                    long l = Long.parseLong(v);
                    if (l < min || l > max) {
                        return "expected a whole number between " + min + " and " + max + ", got " + v;
                    }
                    if (kind == Kind.INT && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                        return "out of range for an int: " + v;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a whole number, got '" + raw + "'";
                }
            case DOUBLE:
                try {
                    double d = Double.parseDouble(v);
                    if (!Double.isFinite(d) || d < min || d > max) {
                        return "expected a number between " + min + " and " + max + ", got " + v;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a number, got '" + raw + "'";
                }
            default:
                throw new AssertionError(kind);
        }
    }
}

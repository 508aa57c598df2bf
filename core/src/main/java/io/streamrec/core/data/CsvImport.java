package io.streamrec.core.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import io.streamrec.core.event.ParseResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A shop's own CSV export to the project's event contract ({@link EventParser}), by a column mapping:
 * {@code user=visitorid,item=itemid,type=event,ts=timestamp:ms[,value=COL][,category=COL]}. The first
 * line is the header; columns are named as it names them. Timestamps are {@code ms}, {@code s},
 * {@code us}, {@code ns} since the epoch (fractions allowed, rounded down to the millisecond) or
 * {@code iso} (ISO-8601 with an offset or {@code Z}; {@code 2010-12-01 08:26:00} and a trailing
 * {@code UTC} are read too, a time without offset in the given zone) or {@code date} (a day,
 * {@code 2016-05-09}, its start in the given zone). A timestamp may be the sum of several columns,
 * {@code ts=eventdate:date+timeframe:ms}: a day plus an offset within it. The type column's values are
 * mapped by {@code --types view=view,addtocart=add_to_cart,…} to the contract's types, or taken as
 * the contract's names when no type mapping is given; without a type column every row has one fixed
 * type. Every row that is not written is counted under its reason, with the first lines of each reason
 * kept as examples: nothing is dropped silently and no row stops the import.
 */
public final class CsvImport {
    /** The reasons a row is skipped, in report order. */
    public static final String BLANK = "blank line";
    public static final String COLUMNS = "too few columns";
    public static final String NO_USER = "empty user";
    public static final String NO_ITEM = "empty item";
    public static final String BAD_TS = "bad timestamp";
    public static final String UNMAPPED_TYPE = "type not in the mapping";
    public static final String BAD_VALUE = "value not a number";
    public static final String CONTRACT = "rejected by the event contract";
    static final int EXAMPLES_PER_REASON = 3;

    /** How a timestamp cell is read. */
    public enum TimeUnit { MS, S, US, NS, ISO, DATE }

    /** One column of a timestamp and how it is read; a timestamp is the sum of its terms. */
    public record TimeTerm(String column, TimeUnit unit) {}

    /**
     * Which column holds what. {@code type} is null when every row has {@code fixedType}; {@code types}
     * maps the type column's values (empty: the values are the contract's names); {@code value} and
     * {@code category} are optional (null).
     */
    public record Mapping(String user, String item, String type, List<TimeTerm> ts, String value,
                          String category, EventType fixedType, Map<String, EventType> types, char delimiter,
                          ZoneId zone) {
        /**
         * From the command's options: {@code map} ({@code user=COL,item=COL,ts=COL[:unit][+COL[:unit]…][,type=COL]
         * [,value=COL][,category=COL]}), {@code types} ({@code raw=contract,…} or null), {@code fixedType}
         * (the type of every row when there is no type column, else null), {@code delimiter} ({@code ,},
         * {@code ;}, {@code tab} or {@code |}; null for a comma) and {@code zone} (for times without
         * offset; null for UTC).
         */
        public static Mapping parse(String map, String types, String fixedType, String delimiter, String zone) {
            Map<String, String> cols = pairs(map, "--map");
            for (String k : cols.keySet()) {
                if (!List.of("user", "item", "type", "ts", "value", "category").contains(k)) {
                    throw new IllegalArgumentException("--map: unknown field '" + k
                            + "'; fields: user, item, ts[:ms|s|us|ns|iso|date][+COL[:unit]…], type, value, category");
                }
            }
            for (String k : List.of("user", "item", "ts")) {
                if (!cols.containsKey(k)) {
                    throw new IllegalArgumentException("--map needs " + k + "=COLUMN");
                }
            }
            List<TimeTerm> ts = new ArrayList<>();
            for (String term : cols.get("ts").split("\\+", -1)) {
                String column = term.trim();
                TimeUnit unit = TimeUnit.MS;
                int colon = column.lastIndexOf(':');
                if (colon >= 0) {
                    String u = column.substring(colon + 1).trim();
                    try {
                        unit = TimeUnit.valueOf(u.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "--map ts=COLUMN:UNIT: unit is ms, s, us, ns, iso or date, got '" + u + "'");
                    }
                    column = column.substring(0, colon).trim();
                }
                if (column.isEmpty()) {
                    throw new IllegalArgumentException("--map ts=COL[:unit][+COL[:unit]…]: a term without a column in '"
                            + cols.get("ts") + "'");
                }
                ts.add(new TimeTerm(column, unit));
            }
            EventType fixed = null;
            if (fixedType != null) {
                fixed = eventType(fixedType, "--type");
            }
            if (cols.containsKey("type") == (fixed != null)) {
                throw new IllegalArgumentException("give either a type column (--map type=COLUMN) or one type for "
                        + "every row (--type view), not both or neither");
            }
            Map<String, EventType> typeMap = new LinkedHashMap<>();
            if (types != null) {
                if (fixed != null) {
                    throw new IllegalArgumentException("--types maps a type column's values; there is no type column");
                }
                pairs(types, "--types").forEach((raw, t) -> typeMap.put(raw, eventType(t, "--types " + raw)));
            }
            char d = switch (delimiter == null ? "," : delimiter) {
                case "," -> ',';
                case ";" -> ';';
                case "|" -> '|';
                case "tab", "\t" -> '\t';
                default -> throw new IllegalArgumentException("--delimiter is , ; | or tab, got '" + delimiter + "'");
            };
            return new Mapping(cols.get("user"), cols.get("item"), cols.get("type"), List.copyOf(ts), cols.get("value"),
                    cols.get("category"), fixed, Map.copyOf(typeMap), d, zone == null ? ZoneId.of("UTC") : ZoneId.of(zone));
        }

        private static Map<String, String> pairs(String s, String option) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String part : s.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new IllegalArgumentException(option + ": expected NAME=VALUE pairs separated by commas, got '"
                            + part + "'");
                }
                if (m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException(option + ": '" + part.substring(0, eq) + "' given twice");
                }
            }
            return m;
        }

        private static EventType eventType(String name, String option) {
            String n = name.equals("cart") ? "add_to_cart" : name;
            return EventType.fromWire(n).filter(t -> !t.isControl()).orElseThrow(() -> new IllegalArgumentException(
                    option + ": '" + name + "' is not an event type; types: " + EventType.wireNames()));
        }
    }

    /** What an import did: data rows read, events written, rows skipped by reason with example lines. */
    public record Stats(long rows, long events, Map<String, Long> skipped, Map<String, List<String>> examples) {
        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** One line per reason: {@code reason: count (e.g. line 7: …)}. */
        public List<String> describe() {
            List<String> out = new ArrayList<>();
            skipped.forEach((reason, n) -> out.add(String.format("%s: %,d (e.g. %s)", reason, n,
                    String.join("; ", examples.get(reason)))));
            return out;
        }
    }

    private CsvImport() {}

    /** Reads events from an open text file, handing each to the sink; what {@link #convert} runs. */
    @FunctionalInterface
    public interface Source {
        Stats read(BufferedReader in, Consumer<Event> sink) throws IOException;
    }

    /** Imports {@code csv} (gzip when it ends in {@code .gz}) into the JSONL event file {@code out}. */
    public static Stats importFile(Path csv, Mapping mapping, Path out) {
        return convert(csv, out, (r, sink) -> read(r, mapping, sink));
    }

    /** Reads {@code in} (gzip when it ends in {@code .gz}) with {@code source} into the JSONL event file {@code out}. */
    public static Stats convert(Path in, Path out, Source source) {
        try (InputStream raw = Files.newInputStream(in);
             InputStream is = in.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8), 1 << 16)) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                return source.read(r, e -> {
                    try {
                        w.write(EventJson.toJson(e));
                        w.write('\n');
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the CSV text (header first) and hands every valid row's event to {@code sink}, in file order. */
    public static Stats read(BufferedReader in, Mapping m, Consumer<Event> sink) throws IOException {
        EventParser parser = new EventParser();
        String header = in.readLine();
        if (header == null) {
            throw new IllegalArgumentException("the CSV file is empty (no header line)");
        }
        if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
            header = header.substring(1); // a byte-order mark
        }
        List<String> names = Csv.split(header, m.delimiter());
        int user = column(names, m.user()), item = column(names, m.item());
        int[] ts = new int[m.ts().size()];
        int needed = Math.max(user, item);
        for (int t = 0; t < ts.length; t++) {
            ts[t] = column(names, m.ts().get(t).column());
            needed = Math.max(needed, ts[t]);
        }
        int type = m.type() == null ? -1 : column(names, m.type());
        int value = m.value() == null ? -1 : column(names, m.value());
        int category = m.category() == null ? -1 : column(names, m.category());
        needed = Math.max(Math.max(needed, type), Math.max(value, category)) + 1;
        Map<String, Long> skipped = new LinkedHashMap<>();
        Map<String, List<String>> examples = new LinkedHashMap<>();
        long rows = 0, events = 0;
        int lineNo = 1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            rows++;
            String reason;
            String detail;
            if (line.isBlank()) {
                reason = BLANK;
                detail = "";
            } else {
                List<String> f = Csv.split(line, m.delimiter());
                Row row = row(f, needed, user, item, ts, type, value, category, m, parser);
                if (row.event != null) {
                    sink.accept(row.event);
                    events++;
                    continue;
                }
                reason = row.reason;
                detail = row.detail;
            }
            skipped.merge(reason, 1L, Long::sum);
            List<String> ex = examples.computeIfAbsent(reason, k -> new ArrayList<>());
            if (ex.size() < EXAMPLES_PER_REASON) {
                ex.add("line " + lineNo + (detail.isEmpty() ? "" : ": " + detail));
            }
        }
        return new Stats(rows, events, skipped, examples);
    }

    private record Row(Event event, String reason, String detail) {}

    private static Row bad(String reason, String detail) {
        return new Row(null, reason, detail.length() > 80 ? detail.substring(0, 77) + "..." : detail);
    }

    private static Row row(List<String> f, int needed, int user, int item, int[] ts, int type, int value, int category,
                           Mapping m, EventParser parser) {
        if (f.size() < needed) {
            return bad(COLUMNS, f.size() + " of " + needed);
        }
        String u = f.get(user).trim(), i = f.get(item).trim();
        if (u.isEmpty()) {
            return bad(NO_USER, "");
        }
        if (i.isEmpty()) {
            return bad(NO_ITEM, "");
        }
        long millis = 0;
        for (int t = 0; t < ts.length; t++) {
            try {
                millis = Math.addExact(millis, millis(f.get(ts[t]).trim(), m.ts().get(t).unit(), m.zone()));
            } catch (IllegalArgumentException | ArithmeticException e) {
                return bad(BAD_TS, "'" + f.get(ts[t]).trim() + "'");
            }
        }
        EventType t = m.fixedType();
        if (t == null) {
            String raw = f.get(type).trim();
            t = m.types().isEmpty() ? EventType.fromWire(raw).filter(x -> !x.isControl()).orElse(null)
                    : m.types().get(raw);
            if (t == null) {
                return bad(UNMAPPED_TYPE, "'" + raw + "'");
            }
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("userId", u);
        n.put("itemId", i);
        n.put("type", t.wireName());
        n.put("ts", millis);
        if (value >= 0 && !f.get(value).isBlank()) {
            try {
                n.put("value", Double.parseDouble(f.get(value).trim()));
            } catch (NumberFormatException e) {
                return bad(BAD_VALUE, "'" + f.get(value).trim() + "'");
            }
        }
        if (category >= 0 && !f.get(category).isBlank()) {
            n.put("category", f.get(category).trim());
        }
        ParseResult p = parser.parse(n);
        return p.isValid() ? new Row(p.event(), null, null) : bad(CONTRACT, p.reason());
    }

    private static int column(List<String> header, String name) {
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).trim().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in the header; columns: " + String.join(", ", header));
    }

    /** A timestamp cell in epoch milliseconds; IllegalArgumentException when it cannot be read. */
    static long millis(String s, TimeUnit unit, ZoneId zone) {
        if (unit == TimeUnit.DATE) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(s);
            }
        }
        if (unit == TimeUnit.ISO) {
            String t = s;
            if (t.length() > 10 && t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            if (t.endsWith(" UTC")) {
                t = t.substring(0, t.length() - 4) + 'Z';
            }
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException(s);
                }
            }
        }
        try {
            BigDecimal d = new BigDecimal(s);
            BigDecimal ms = switch (unit) {
                case MS -> d;
                case S -> d.scaleByPowerOfTen(3);
                case US -> d.scaleByPowerOfTen(-3);
                default -> d.scaleByPowerOfTen(-6);
            };
            return ms.setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(s);
        }
    }
}

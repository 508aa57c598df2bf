package io.streamrec.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The OTTO session data set's format (github.com/otto-de/recsys-dataset): one JSON line per session,
 * {@code {"session":42,"events":[{"aid":1,"ts":1661200010000,"type":"clicks"},…]}}, to the project's
 * events. The session is the user (OTTO's sessions are anonymous and not linked); {@code clicks}
 * (product page views) become {@code view}, {@code carts} {@code add_to_cart}, {@code orders}
 * {@code purchase}. A {@code ts} below 10^11 is read as seconds (the Kaggle release), else as
 * milliseconds (the GitHub test file). Events that cannot be read are counted by reason, as
 * {@link CsvImport} does; {@code maxSessions} stops after that many session lines (0: all).
 */
public final class OttoSessions {
    static final long SECONDS_BELOW = 100_000_000_000L;

    private OttoSessions() {}

    public static CsvImport.Stats read(BufferedReader in, long maxSessions, Consumer<Event> sink) throws IOException {
        EventParser parser = new EventParser();
        Map<String, Long> skipped = new LinkedHashMap<>();
        Map<String, List<String>> examples = new LinkedHashMap<>();
        long rows = 0, events = 0, sessions = 0;
        int lineNo = 0;
        String line;
        while ((maxSessions <= 0 || sessions < maxSessions) && (line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                rows++;
                count(skipped, examples, CsvImport.BLANK, lineNo, "");
                continue;
            }
            JsonNode s;
            try {
                s = EventJson.readTree(line);
            } catch (EventJson.InvalidJsonException e) {
                rows++;
                count(skipped, examples, "not a session (JSON)", lineNo, e.getMessage());
                continue;
            }
            JsonNode id = s.get("session");
            JsonNode list = s.get("events");
            if (id == null || !id.canConvertToLong() || list == null || !list.isArray()) {
                rows++;
                count(skipped, examples, "not a session (no session id or events)", lineNo, "");
                continue;
            }
            sessions++;
            for (JsonNode e : list) {
                rows++;
                String type = switch (e.path("type").asText("")) {
                    case "clicks" -> "view";
                    case "carts" -> "add_to_cart";
                    case "orders" -> "purchase";
                    default -> null;
                };
                if (type == null) {
                    count(skipped, examples, CsvImport.UNMAPPED_TYPE, lineNo, "'" + e.path("type").asText("") + "'");
                    continue;
                }
                JsonNode ts = e.get("ts");
                if (ts == null || !ts.canConvertToLong()) {
                    count(skipped, examples, CsvImport.BAD_TS, lineNo, String.valueOf(ts));
                    continue;
                }
                long t = ts.longValue();
                ObjectNode n = JsonNodeFactory.instance.objectNode();
                n.put("userId", id.asText());
                n.put("itemId", e.path("aid").asText(""));
                n.put("type", type);
                n.put("ts", t < SECONDS_BELOW ? t * 1000 : t);
                ParseResult p = parser.parse(n);
                if (p.isValid()) {
                    sink.accept(p.event());
                    events++;
                } else {
                    count(skipped, examples, CsvImport.CONTRACT, lineNo, p.reason());
                }
            }
        }
        return new CsvImport.Stats(rows, events, skipped, examples);
    }

    private static void count(Map<String, Long> skipped, Map<String, List<String>> examples, String reason, int line,
                              String detail) {
        skipped.merge(reason, 1L, Long::sum);
        List<String> ex = examples.computeIfAbsent(reason, k -> new ArrayList<>());
        if (ex.size() < CsvImport.EXAMPLES_PER_REASON) {
            ex.add("line " + line + (detail.isEmpty() ? "" : ": " + (detail.length() > 80 ? detail.substring(0, 77)
                    + "..." : detail)));
        }
    }
}

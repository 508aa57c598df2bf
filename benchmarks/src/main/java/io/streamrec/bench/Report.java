package io.streamrec.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's result in the shape every benchmark shares:
 * {@code {"bench", "dataset", "events", "config": {…}, "results": {scenario: {metric: number}}}},
 * printed as a table and optionally written as JSON. A benchmark with several protocols (quality)
 * puts each in its own section: {@code "results": {section: {scenario: {metric: number}}}}, one
 * table per section.
 */
final class Report {
    final String bench;
    final String dataset;
    final long events;
    final Map<String, Object> config = new LinkedHashMap<>();
    final Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    final Map<String, Map<String, Map<String, Double>>> sections = new LinkedHashMap<>();

    Report(String bench, String dataset, long events) {
        this.bench = bench;
        this.dataset = dataset;
        this.events = events;
    }

    void put(String scenario, Map<String, Double> metrics) {
        results.put(scenario, metrics);
    }

    void put(String section, String scenario, Map<String, Double> metrics) {
        sections.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(scenario, metrics);
    }

    ObjectNode toJson() {
        ObjectNode n = EventJson.MAPPER.createObjectNode();
        n.put("bench", bench);
        n.put("dataset", dataset);
        n.put("events", events);
        n.set("config", EventJson.MAPPER.valueToTree(config));
        ObjectNode r = n.putObject("results");
        if (sections.isEmpty()) {
            results.forEach((s, m) -> {
                ObjectNode o = r.putObject(s);
                m.forEach(o::put);
            });
        } else {
            sections.forEach((section, res) -> {
                ObjectNode sn = r.putObject(section);
                res.forEach((s, m) -> {
                    ObjectNode o = sn.putObject(s);
                    m.forEach(o::put);
                });
            });
        }
        return n;
    }

    void write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, toJson().toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String table() {
        if (!sections.isEmpty()) {
            StringBuilder b = new StringBuilder();
            sections.forEach((section, res) -> b.append('\n').append(section).append(":\n").append(table(res)));
            return b.toString();
        }
        if (!splitByShape) {
            return table(results);
        }
        // rows of different shapes (a soak's minutes, processes, state) each in their own table
        StringBuilder b = new StringBuilder();
        Map<String, Map<String, Double>> section = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
            if (!section.isEmpty() && !section.values().iterator().next().keySet().equals(e.getValue().keySet())) {
                b.append(table(section)).append('\n');
                section.clear();
            }
            section.put(e.getKey(), e.getValue());
        }
        return b.append(table(section)).toString();
    }

    /** Whether {@link #table()} starts a new table where a row's metrics differ from the row before. */
    boolean splitByShape;

    static String table(Map<String, Map<String, Double>> results) {
        Set<String> metrics = new LinkedHashSet<>();
        results.values().forEach(m -> metrics.addAll(m.keySet()));
        int w0 = Math.max(8, results.keySet().stream().mapToInt(String::length).max().orElse(8));
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-" + w0 + "s", "scenario"));
        Map<String, Integer> width = new LinkedHashMap<>();
        for (String m : metrics) {
            width.put(m, Math.max(12, m.length()));
            b.append(String.format(" %" + width.get(m) + "s", m));
        }
        b.append('\n');
        results.forEach((s, m) -> {
            b.append(String.format("%-" + w0 + "s", s));
            for (String k : metrics) {
                Double v = m.get(k);
                String f = " %" + width.get(k) + "s";
                b.append(v == null ? String.format(f, "-") : String.format(f, format(v)));
            }
            b.append('\n');
        });
        return b.toString();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format("%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.1f", v);
        }
        return String.format("%.4f", v);
    }
}

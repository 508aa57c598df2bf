package io.streamrec.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard has a panel for everything issue 16 names, ships in the rendered base as the
 * sidecar's ConfigMap, and every PromQL expression of the dashboard and of the alert table in
 * docs/operations.md parses ({@code promtool check rules}; skipped, saying so, without promtool).
 */
class MonitoringTest {
    static final Path DASHBOARD = Manifests.K8S.resolve("base/monitoring/streamrec-dashboard.json");
    static final Path OPERATIONS = Manifests.K8S.getParent().resolve("docs/operations.md");
    static final Pattern ALERT_ROW = Pattern.compile("^\\| ([^|`]+?) \\| `(.+)` \\| (\\w+) \\|$");

    static JsonNode dashboard() throws Exception {
        return Manifests.JSON.readTree(DASHBOARD.toFile());
    }

    /** Panel title → its expressions. */
    static Map<String, List<String>> panels(JsonNode dashboard) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode p : dashboard.path("panels")) {
            List<String> exprs = new ArrayList<>();
            p.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            out.put(p.path("title").asText(), exprs);
        }
        return out;
    }

    /** Alert name → {expression, for}, from the "What to alert on" table of docs/operations.md. */
    static Map<String, String[]> alerts() throws Exception {
        Map<String, String[]> out = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(OPERATIONS, StandardCharsets.UTF_8)) {
            if (line.startsWith("**What to alert on**")) {
                inTable = true;
            } else if (inTable) {
                Matcher m = ALERT_ROW.matcher(line.strip());
                if (m.matches()) {
                    out.put(m.group(1), new String[] {m.group(2), m.group(3)});
                } else if (!out.isEmpty() && !line.startsWith("|")) {
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void theDashboardHasAPanelForEveryFigureTheIssueNames() throws Exception {
        Map<String, List<String>> panels = panels(dashboard());
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("events/s", "(?i).*events .*per second.*");
        wanted.put("freshness", "(?i).*freshness.*");
        wanted.put("prequential recall", "(?i).*prequential recall.*");
        wanted.put("dropped updates", "(?i).*dropped updates.*");
        wanted.put("DLQ rate", "(?i).*(dead-letter|dlq).*");
        wanted.put("API latency by route", "(?i).*api latency by route.*");
        wanted.put("Redis fallback rate", "(?i).*redis fallback.*");
        wanted.forEach((what, title) -> assertThat(panels.keySet()).as("a panel for %s", what).anyMatch(t -> t.matches(title)));
        panels.forEach((title, exprs) -> assertThat(exprs).as("panel '%s' plots something", title)
                .isNotEmpty().allMatch(e -> !e.isBlank()));
        assertThat(panels.entrySet()).filteredOn(e -> e.getKey().matches("(?i).*api latency by route.*"))
                .singleElement().satisfies(e -> assertThat(e.getValue().toString()).contains("by (route)"));

        JsonNode configMap = ManifestsTest.render("base").stream()
                .filter(m -> Manifests.name(m).equals("ConfigMap streamrec-grafana-dashboard")).findFirst().orElseThrow();
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(Manifests.JSON.readTree(configMap.at("/data/streamrec-dashboard.json").asText())).isEqualTo(dashboard());
    }

    @Test
    void operationsDocumentsAnAlertForEachFailure() throws Exception {
        assertThat(alerts().keySet()).as("the alert table of docs/operations.md").contains("job not learning",
                "checkpoints failing", "freshness", "dead letters", "dropped updates", "API errors", "Redis fallback",
                "Kafka refusing events");
    }

    @Test
    void everyDashboardAndAlertExpressionParses() throws Exception {
        Path promtool = promtool();
        ObjectNode rules = rules(panels(dashboard()), alerts());
        assertThat(check(promtool, rules)).as("promtool check rules on the dashboard's and the alerts' expressions")
                .startsWith("ok");

        // the check can fail: one unbalanced parenthesis is enough
        Map<String, String[]> broken = new LinkedHashMap<>();
        broken.put("broken", new String[] {"sum(rate(streamrec_events_accepted_total[5m])", "5m"});
        assertThat(check(promtool, rules(Map.of(), broken))).startsWith("failed");
    }

    static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "SKIPPED MonitoringTest: promtool is not on the PATH, so the dashboard's and docs/operations.md's "
                + "PromQL expressions were not parsed (Debian: apt-get install prometheus)";
        System.err.println(why);
        Assumptions.abort(why);
        return null;
    }

    static ObjectNode rules(Map<String, List<String>> panels, Map<String, String[]> alerts) {
        ObjectNode root = Manifests.JSON.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        ArrayNode recorded = groups.addObject().put("name", "dashboard").putArray("rules");
        int i = 0;
        for (List<String> exprs : panels.values()) {
            for (String e : exprs) {
                recorded.addObject().put("record", "streamrec:panel_" + i++).put("expr", e);
            }
        }
        ArrayNode alerting = groups.addObject().put("name", "alerts").putArray("rules");
        alerts.forEach((name, a) -> alerting.addObject().put("alert", name.replaceAll("[^A-Za-z0-9]+", "_"))
                .put("expr", a[0]).put("for", a[1]));
        return root;
    }

    /** "ok: …" or "failed: …" with promtool's output. */
    static String check(Path promtool, ObjectNode rules) throws Exception {
        Path file = Files.createTempFile("streamrec-rules", ".yml");
        try {
            Manifests.YAML.writeValue(file.toFile(), rules);
            Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            System.out.println("promtool check rules: exit " + p.exitValue() + "\n" + out.strip());
            return (p.exitValue() == 0 ? "ok: " : "failed: ") + out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

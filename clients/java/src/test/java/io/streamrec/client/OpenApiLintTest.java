package io.streamrec.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document passes Redocly's recommended rules (clients/redocly.yaml: exceptions, if ever,
 * each with its reason). Runs the pinned {@code @redocly/cli} through npx, one process; skips, saying
 * so, where npx is not installed.
 */
class OpenApiLintTest {
    final Path document = Path.of(System.getProperty("streamrec.openapi.document", "../openapi.json"))
            .toAbsolutePath().normalize();
    final Path config = Path.of(System.getProperty("streamrec.redocly.config", "../redocly.yaml"))
            .toAbsolutePath().normalize();
    final String version = System.getProperty("streamrec.redocly.version", "2.77.0");

    @Test
    void documentPassesRedoclyRecommendedRules() throws Exception {
        Path npx = onPath("npx");
        if (npx == null) {
            String why = "SKIPPED OpenApiLintTest: npx is not on the PATH, so the Redocly lint of " + document
                    + " did not run (install Node.js 20+ with npm to run it)";
            System.err.println(why);
            Assumptions.abort(why);
        }
        Path out = Path.of("target", "redocly-lint.json");
        Path err = Path.of("target", "redocly-lint.log");
        Files.createDirectories(out.getParent());
        ProcessBuilder pb = new ProcessBuilder(npx.toString(), "--yes", "@redocly/cli@" + version, "lint",
                "--config", config.toString(), "--format=json", document.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("REDOCLY_TELEMETRY", "off");
        pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = pb.start();
        p.getOutputStream().close(); // nothing to read: npx must not wait for an answer
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("npx @redocly/cli@%s lint did not finish within 5 minutes; its log: %s", version, err.toAbsolutePath());
        }
        JsonNode report;
        try {
            report = new ObjectMapper().readTree(out.toFile());
        } catch (IOException e) {
            report = null;
        }
        if (report == null || !report.has("totals")) {
            fail("npx @redocly/cli@%s lint exited %d without a JSON report; its output:%n%s", version, p.exitValue(),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
        List<String> findings = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            JsonNode at = problem.path("location").path(0);
            findings.add(String.format("%-7s %-24s %s (line %d): %s", problem.path("severity").asText(),
                    problem.path("ruleId").asText(), at.path("pointer").asText(), at.path("start").path("line").asInt(),
                    problem.path("message").asText()));
        }
        System.out.println("Redocly " + version + " on " + document + ": " + report.path("totals").path("errors").asInt()
                + " errors, " + report.path("totals").path("warnings").asInt() + " warnings"
                + (findings.isEmpty() ? "" : "\n  " + String.join("\n  ", findings)));
        assertThat(findings).as("Redocly's recommended rules on %s (fix the document: OpenApiDocument and the "
                + "@OpenApi annotations, then regenerate clients/openapi.json; or add a justified exception to %s)",
                document, config).isEmpty();
        assertThat(p.exitValue()).as("redocly lint exit code").isZero();
    }

    static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

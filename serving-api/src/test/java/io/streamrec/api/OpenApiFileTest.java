package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * clients/openapi.json is the checked-in copy of the document the API serves at /openapi, from which the
 * Java and TypeScript clients are generated. This test fails when it differs from what the API builds;
 * with {@code -Dstreamrec.clients.write=true} it writes the file instead (docs/api.md, "Regenerating").
 */
class OpenApiFileTest {
    static final Path FILE = Path.of("..", "clients", "openapi.json").toAbsolutePath().normalize();
    static final String REGENERATE = "./mvnw -q -o -pl serving-api,clients/java -am test "
            + "-Dtest='OpenApiFileTest,TypeScriptClientTest' -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dstreamrec.clients.write=true";

    @Test
    void checkedInDocumentIsTheOneTheApiServes() throws IOException {
        String[] served = new String[1];
        JavalinTest.test(TestApi.app(new TestApi.RecordingPublisher(), List.of()), (server, client) -> {
            var r = client.get("/openapi");
            assertThat(r.code()).isEqualTo(200);
            served[0] = r.body().string();
        });
        String expected = canonical(StreamrecApi.jsonMapper(), StreamrecApi.jsonMapper().readTree(served[0]));
        if (Boolean.getBoolean("streamrec.clients.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
            System.out.println("wrote " + FILE);
            return;
        }
        String actual = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            fail("%s differs from the document the API builds (OpenApiDocument and the @OpenApi annotations), "
                    + "first at%n%s%nRegenerate it and the clients with:%n  %s", FILE, firstDifference(actual, expected),
                    REGENERATE);
        }
    }

    /** The first line where the two texts differ, with the line before it, as "file" and "API" lines. */
    static String firstDifference(String file, String api) {
        String[] a = file.split("\n", -1);
        String[] b = api.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) {
            i++;
        }
        StringBuilder out = new StringBuilder();
        for (int j = Math.max(0, i - 1); j <= i + 1; j++) {
            out.append(String.format("  line %d  file: %s%n          API:  %s%n", j + 1,
                    j < a.length ? a[j] : "(end)", j < b.length ? b[j] : "(end)"));
        }
        return out.toString();
    }

    /** Keys sorted at every level, two-space indent, one element per line, "\n" line ends, a final newline. */
    static String canonical(ObjectMapper mapper, JsonNode doc) throws IOException {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indent);
        printer.indentArraysWith(indent);
        return mapper.writer(printer).writeValueAsString(sorted(mapper, doc)) + "\n";
    }

    static JsonNode sorted(ObjectMapper mapper, JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = mapper.createObjectNode();
            for (String name : names) {
                out.set(name, sorted(mapper, n.get(name)));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = mapper.createArrayNode();
            n.forEach(e -> out.add(sorted(mapper, e)));
            return out;
        }
        return n;
    }
}

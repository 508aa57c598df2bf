package io.streamrec.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rendered manifests and the checks every one of them must pass. */
final class Manifests {
    static final Path K8S = Path.of("").toAbsolutePath().getFileName().toString().equals("k8s")
            ? Path.of("").toAbsolutePath() : Path.of("k8s").toAbsolutePath();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    private static final CrdSchemas CRDS = new CrdSchemas();

    private Manifests() {}

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String id(JsonNode m) {
        return m.path("apiVersion").asText() + "/" + m.path("kind").asText();
    }

    static String name(JsonNode m) {
        return m.path("kind").asText() + " " + m.at("/metadata/name").asText();
    }

    /** Every problem of every manifest, "Kind name: problem"; empty when all pass. */
    static List<String> problems(List<JsonNode> manifests) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : manifests) {
            String json;
            try {
                json = JSON.writeValueAsString(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String id = id(m);
            if (BuiltInKinds.knows(id)) {
                String p = BuiltInKinds.problem(id, json);
                if (p != null) {
                    out.add(name(m) + ": " + p);
                }
            } else if (CRDS.knows(id)) {
                CRDS.problems(id, json).forEach(p -> out.add(name(m) + ": " + p));
            } else {
                out.add(name(m) + ": no schema for " + id + " (add its model or CRD to the checks)");
            }
            if (m.path("kind").asText().equals("FlinkDeployment")) {
                Map<String, String> conf = new LinkedHashMap<>();
                m.at("/spec/flinkConfiguration").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
                FlinkConfigurationCheck.problems(conf, m.at("/spec/jobManager/resource/memory").asText(),
                                m.at("/spec/jobManager/resource/cpu").asDouble(),
                                m.at("/spec/taskManager/resource/memory").asText(),
                                m.at("/spec/taskManager/resource/cpu").asDouble())
                        .forEach(p -> out.add(name(m) + ": flinkConfiguration: " + p));
            }
        }
        return out;
    }
}

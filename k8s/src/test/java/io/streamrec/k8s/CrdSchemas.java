package io.streamrec.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Custom kinds against the {@code openAPIV3Schema} of their CRDs (src/test/resources/crds), made strict:
 * an object with declared properties accepts no other field (the API server prunes unknown fields
 * silently; here they fail), {@code x-kubernetes-int-or-string} becomes integer-or-string and
 * {@code nullable} admits null.
 */
final class CrdSchemas {
    static final List<String> FILES = List.of("flinkdeployments.flink.apache.org-v1.yml", "strimzi-040-Crd-kafka.yaml",
            "strimzi-043-Crd-kafkatopic.yaml", "strimzi-045-Crd-kafkanodepool.yaml", "monitoring.coreos.com_podmonitors.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private final Map<String, Schema> schemas = new HashMap<>();

    CrdSchemas() {
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
                JsonNode crd = YAML.readTree(in);
                String group = crd.at("/spec/group").asText();
                String kind = crd.at("/spec/names/kind").asText();
                for (JsonNode v : crd.at("/spec/versions")) {
                    if (v.path("served").asBoolean()) {
                        ObjectNode strict = (ObjectNode) strict(v.at("/schema/openAPIV3Schema").deepCopy());
                        ObjectNode props = (ObjectNode) strict.get("properties"); // some CRDs leave these out
                        props.putIfAbsent("apiVersion", JSON.createObjectNode().put("type", "string"));
                        props.putIfAbsent("kind", JSON.createObjectNode().put("type", "string"));
                        props.putIfAbsent("metadata", JSON.createObjectNode().put("type", "object"));
                        schemas.put(group + "/" + v.get("name").asText() + "/" + kind,
                                REGISTRY.getSchema(JSON.writeValueAsString(strict), InputFormat.JSON));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file, e);
            }
        }
    }

    boolean knows(String apiVersionKind) {
        return schemas.containsKey(apiVersionKind);
    }

    /** The schema's complaints about one manifest (JSON text); empty when it conforms. */
    List<String> problems(String apiVersionKind, String json) {
        List<String> out = new ArrayList<>();
        for (Error e : schemas.get(apiVersionKind).validate(json, InputFormat.JSON)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("x-kubernetes-int-or-string").asBoolean()) {
                o.remove("type");
                ArrayNode any = o.putArray("anyOf");
                any.addObject().put("type", "integer");
                any.addObject().put("type", "string");
            }
            if (o.path("nullable").asBoolean() && o.has("type") && o.get("type").isTextual()) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode().add(o.get("type").asText()).add("null");
                o.set("type", types);
            }
            if (o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(CrdSchemas::strict);
        }
        return node;
    }
}

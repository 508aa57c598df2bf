package io.streamrec.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.NULL_CLASS;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the OpenAPI 3.0 document from the {@code @OpenApi} annotations on the controllers' handler
 * methods (the Javalin OpenAPI plugin has no Javalin 7 release on Maven Central, so we read its
 * annotations ourselves) and from the response/request records, whose components become schemas.
 */
public final class OpenApiDocument {
    /** How the annotation library spells "not set" for strings. */
    static final String UNSET = "-- This string represents a null value and shouldn't be used --";

    private final ObjectMapper mapper;
    private final ObjectNode root;
    private final ObjectNode schemas;

    private OpenApiDocument(ObjectMapper mapper, String title, String version, String description) {
        this.mapper = mapper;
        root = mapper.createObjectNode();
        root.put("openapi", "3.0.3");
        ObjectNode info = root.putObject("info");
        info.put("title", title);
        info.put("version", version);
        info.put("description", description);
        root.putObject("paths");
        ObjectNode components = root.putObject("components");
        schemas = components.putObject("schemas");
        root.putArray("servers").addObject().put("url", "/")
                .put("description", "The API that serves this document (GET /openapi)");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject(API_KEY_SCHEME)
                .put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                .put("description", "A secret key, server to server only: api.admin-keys (catalogue, forgetting "
                        + "users, and everything else), api.write-keys (events and reads) or api.read-keys (reads).");
        schemes.putObject(PUBLISHABLE_KEY_SCHEME)
                .put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                .put("description", "A publishable key (api.publishable-keys), safe in a web page or app: with a "
                        + "user token it sends that user's events of api.publishable-event-types; it mints anonymous "
                        + "ids. Refused from an Origin outside api.allowed-origins; rate-limited per key (429).");
        schemes.putObject(USER_TOKEN_SCHEME)
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "v1.kid.user.exp.mac")
                .put("description", "A user token signed by the shop's backend (HMAC-SHA256 with a secret of "
                        + "api.token-keys, see docs/security.md): reads that user's recommendations; with a "
                        + "publishable key, sends that user's events.");
    }

    /** The secret-key security scheme. In {@code @OpenApiSecurity(name = ...)}, "A+B" means both, "" none. */
    public static final String API_KEY_SCHEME = "ApiKey";
    public static final String PUBLISHABLE_KEY_SCHEME = "PublishableKey";
    public static final String USER_TOKEN_SCHEME = "UserToken";

    public static ObjectNode build(ObjectMapper mapper, String title, String version, String description,
                                   Collection<?> controllers) {
        OpenApiDocument doc = new OpenApiDocument(mapper, title, version, description);
        for (Object c : controllers) {
            for (Method m : c.getClass().getMethods()) {
                OpenApi a = m.getAnnotation(OpenApi.class);
                if (a != null && !a.ignore()) {
                    doc.add(a, c.getClass().getSimpleName() + "." + m.getName());
                }
            }
        }
        return doc.root;
    }

    private void add(OpenApi a, String defaultOperationId) {
        ObjectNode path = (ObjectNode) root.get("paths").get(a.path());
        if (path == null) {
            path = ((ObjectNode) root.get("paths")).putObject(a.path());
        }
        for (HttpMethod method : a.methods()) {
            ObjectNode op = path.putObject(method.name().toLowerCase(Locale.ROOT));
            if (a.tags().length > 0) {
                ArrayNode tags = op.putArray("tags");
                for (String t : a.tags()) {
                    tags.add(t);
                }
            }
            putIfSet(op, "summary", a.summary());
            putIfSet(op, "description", a.description());
            op.put("operationId", isSet(a.operationId()) ? a.operationId() : defaultOperationId);
            ArrayNode params = mapper.createArrayNode();
            for (OpenApiParam p : a.pathParams()) {
                params.add(param(p, "path", true));
            }
            for (OpenApiParam p : a.queryParams()) {
                params.add(param(p, "query", p.required()));
            }
            for (OpenApiParam p : a.headers()) {
                params.add(param(p, "header", p.required()));
            }
            if (!params.isEmpty()) {
                op.set("parameters", params);
            }
            if (a.security().length > 0) {
                ArrayNode security = op.putArray("security");
                for (io.javalin.openapi.OpenApiSecurity sec : a.security()) {
                    ObjectNode requirement = security.addObject(); // alternatives; the schemes of one all apply
                    for (String scheme : sec.name().split("\\+")) {
                        if (!scheme.isEmpty()) {
                            requirement.putArray(scheme);
                        }
                    }
                }
            }
            if (a.requestBody().content().length > 0) {
                ObjectNode body = op.putObject("requestBody");
                body.put("required", a.requestBody().required());
                putIfSet(body, "description", a.requestBody().description());
                body.set("content", content(a.requestBody().content()));
            }
            ObjectNode responses = op.putObject("responses");
            for (OpenApiResponse r : a.responses()) {
                ObjectNode resp = responses.putObject(r.status());
                resp.put("description", isSet(r.description()) ? r.description() : defaultDescription(r.status()));
                if (r.content().length > 0) {
                    resp.set("content", content(r.content()));
                }
            }
        }
    }

    private ObjectNode param(OpenApiParam p, String in, boolean required) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", p.name());
        n.put("in", in);
        n.put("required", required);
        putIfSet(n, "description", p.description());
        n.set("schema", schema(p.type()));
        if (!p.example().isEmpty()) {
            n.put("example", p.example());
        }
        return n;
    }

    /** Several contents with the same mime type become a oneOf. */
    private ObjectNode content(OpenApiContent[] contents) {
        ObjectNode byMime = mapper.createObjectNode();
        for (OpenApiContent c : contents) {
            String mime = c.mimeType().startsWith("AUTODETECT") ? "application/json" : c.mimeType();
            ObjectNode schema = c.from() == NULL_CLASS.class ? mapper.createObjectNode().put("type", "string")
                    : schema(c.from());
            ObjectNode media = (ObjectNode) byMime.get(mime);
            if (media == null) {
                byMime.putObject(mime).set("schema", schema);
            } else {
                ObjectNode existing = (ObjectNode) media.get("schema");
                if (existing.has("oneOf")) {
                    ((ArrayNode) existing.get("oneOf")).add(schema);
                } else {
                    ObjectNode one = mapper.createObjectNode();
                    one.putArray("oneOf").add(existing).add(schema);
                    media.set("schema", one);
                }
            }
        }
        return byMime;
    }

    ObjectNode schema(Type t) {
        ObjectNode n = mapper.createObjectNode();
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                n.put("type", "array");
                n.set("items", schema(p.getActualTypeArguments()[0]));
                return n;
            }
            if (Map.class.isAssignableFrom(raw)) {
                n.put("type", "object");
                n.set("additionalProperties", schema(p.getActualTypeArguments()[1]));
                return n;
            }
            return schema(raw);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class || c == CharSequence.class) {
            n.put("type", "string");
        } else if (c == int.class || c == Integer.class) {
            n.put("type", "integer").put("format", "int32");
        } else if (c == long.class || c == Long.class) {
            n.put("type", "integer").put("format", "int64");
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            n.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            n.put("type", "boolean");
        } else if (c.isArray()) {
            n.put("type", "array");
            n.set("items", schema(c.getComponentType()));
        } else if (Collection.class.isAssignableFrom(c)) {
            n.put("type", "array");
            n.putObject("items");
        } else if (Map.class.isAssignableFrom(c) || c == Object.class) {
            n.put("type", "object");
        } else if (c.isRecord()) {
            String name = schemaName(c);
            if (!schemas.has(name)) {
                schemas.putObject(name); // placeholder against recursion
                schemas.set(name, recordSchema(c));
            }
            n.put("$ref", "#/components/schemas/" + name);
        } else if (c.isEnum()) {
            n.put("type", "string");
            ArrayNode values = n.putArray("enum");
            for (Object v : c.getEnumConstants()) {
                values.add(v.toString());
            }
        } else {
            n.put("type", "object");
        }
        return n;
    }

    private ObjectNode recordSchema(Class<?> c) {
        ObjectNode s = mapper.createObjectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (RecordComponent rc : c.getRecordComponents()) {
            ObjectNode p = schema(rc.getGenericType());
            Doc doc = rc.getAnnotation(Doc.class);
            if (doc != null) {
                if (!doc.value().isEmpty()) {
                    p = p.has("$ref") ? mapper.createObjectNode().set("allOf", mapper.createArrayNode().add(p)) : p;
                    p.put("description", doc.value());
                }
                if (!doc.example().isEmpty()) {
                    p.put("example", doc.example());
                }
                if (doc.required()) {
                    required.add(rc.getName());
                }
            } else if (rc.getType().isPrimitive()) {
                required.add(rc.getName());
            }
            props.set(rc.getName(), p);
        }
        if (!required.isEmpty()) {
            s.set("required", required);
        }
        return s;
    }

    private static String schemaName(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName()
                : c.getEnclosingClass().getSimpleName() + c.getSimpleName();
    }

    private static boolean isSet(String s) {
        return s != null && !s.isEmpty() && !UNSET.equals(s);
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (isSet(value)) {
            n.put(field, value);
        }
    }

    private static String defaultDescription(String status) {
        switch (status) {
            case "200": return "OK";
            case "202": return "Accepted";
            case "400": return "Bad Request";
            case "401": return "Unauthorized";
            case "403": return "Forbidden";
            case "404": return "Not Found";
            case "429": return "Too Many Requests";
            case "413": return "Content Too Large";
            case "503": return "Service Unavailable";
            default: return "HTTP " + status;
        }
    }

    /** Paths and methods of the document, "GET /v1/…", for consistency checks. */
    public static List<String> operations(ObjectNode doc) {
        List<String> ops = new java.util.ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        return ops;
    }
}

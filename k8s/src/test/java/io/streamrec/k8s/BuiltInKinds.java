package io.streamrec.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Built-in kinds against the Kubernetes OpenAPI models of client-java-api: the generated
 * {@code validateJsonElement} refuses unknown fields and missing required ones at every level, and
 * deserialising refuses wrong types (a string where a number belongs, a malformed quantity).
 */
final class BuiltInKinds {
    private static final JSON JSON = new JSON();
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
            Map.entry("batch/v1/Job", V1Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.kubernetes.client.openapi.models.V1Ingress.class));

    private BuiltInKinds() {}

    static boolean knows(String apiVersionKind) {
        return MODELS.containsKey(apiVersionKind);
    }

    /** The problem with one manifest (JSON text), or null. */
    static String problem(String apiVersionKind, String json) {
        Class<?> model = MODELS.get(apiVersionKind);
        try {
            JsonElement tree = JsonParser.parseString(json);
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, tree);
            Object parsed = JSON.deserialize(json, model);
            return parsed == null ? "empty manifest" : null;
        } catch (InvocationTargetException e) {
            return e.getCause().getMessage();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

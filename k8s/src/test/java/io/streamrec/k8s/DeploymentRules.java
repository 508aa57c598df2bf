package io.streamrec.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of docs/operations.md "Kubernetes" beyond the schemas: every pod non-root with a read-only
 * root filesystem, resources and probes; only the API and the learning job reach Redis and Kafka.
 */
final class DeploymentRules {
    static final String REDIS_CLIENT = "streamrec.io/redis-client";
    static final String KAFKA_CLIENT = "streamrec.io/kafka-client";
    static final String REDIS_NAME = "streamrec-redis";
    /** The workloads that may carry each client label (the init Job only forms the Redis Cluster). */
    static final Map<String, Set<String>> MAY_CARRY = Map.of(
            REDIS_CLIENT, Set.of("Deployment streamrec-api", "FlinkDeployment streamrec-learner",
                    "Job streamrec-redis-cluster-init"),
            KAFKA_CLIENT, Set.of("Deployment streamrec-api", "FlinkDeployment streamrec-learner"));

    private DeploymentRules() {}

    /** Every broken rule, "Kind name: problem"; empty when all hold. */
    static List<String> problems(List<JsonNode> manifests) {
        List<String> problems = new ArrayList<>();
        pods(manifests, problems);
        network(manifests, problems);
        return problems;
    }

    static void pods(List<JsonNode> manifests, List<String> problems) {
        for (JsonNode m : manifests) {
            JsonNode pod = switch (m.path("kind").asText()) {
                case "Deployment", "StatefulSet", "Job" -> m.at("/spec/template/spec");
                default -> null;
            };
            if (pod == null) {
                continue;
            }
            boolean longRunning = !m.path("kind").asText().equals("Job");
            if (!pod.at("/securityContext/runAsNonRoot").asBoolean()) {
                problems.add(Manifests.name(m) + ": not runAsNonRoot");
            }
            for (JsonNode c : pod.path("containers")) {
                String where = Manifests.name(m) + " container " + c.path("name").asText();
                Stream.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")
                        .filter(p -> c.at(p).isMissingNode()).forEach(p -> problems.add(where + ": no " + p));
                if (longRunning && (c.path("livenessProbe").isMissingNode() || c.path("readinessProbe").isMissingNode())) {
                    problems.add(where + ": no liveness or readiness probe");
                }
                if (!c.at("/securityContext/readOnlyRootFilesystem").asBoolean()
                        || c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(where + ": root filesystem writable or privilege escalation allowed");
                }
            }
        }
    }

    static void network(List<JsonNode> manifests, List<String> problems) {
        boolean redisGuarded = false;
        for (JsonNode m : manifests) {
            String kind = m.path("kind").asText();
            if (kind.equals("NetworkPolicy")
                    && m.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText().equals(REDIS_NAME)) {
                redisGuarded |= m.at("/spec/policyTypes").toString().contains("\"Ingress\"");
                for (JsonNode rule : m.at("/spec/ingress")) {
                    peers(Manifests.name(m), rule.path("from"), Set.of(REDIS_CLIENT, "app.kubernetes.io/name=" + REDIS_NAME),
                            problems);
                }
            }
            if (kind.equals("Kafka")) {
                for (JsonNode listener : m.at("/spec/kafka/listeners")) {
                    peers(Manifests.name(m) + " listener " + listener.path("name").asText(),
                            listener.path("networkPolicyPeers"), Set.of(KAFKA_CLIENT), problems);
                }
            }
            JsonNode labels = switch (kind) {
                case "Deployment", "StatefulSet", "Job", "DaemonSet", "CronJob" -> m.at("/spec/template/metadata/labels");
                case "FlinkDeployment" -> m.at("/spec/podTemplate/metadata/labels");
                default -> null;
            };
            if (labels != null) {
                MAY_CARRY.forEach((label, allowed) -> {
                    if (labels.path(label).asText().equals("true") && !allowed.contains(Manifests.name(m))) {
                        problems.add(Manifests.name(m) + ": carries " + label + " (only " + allowed + " may)");
                    }
                });
            }
        }
        if (manifests.stream().anyMatch(m -> Manifests.name(m).equals("StatefulSet " + REDIS_NAME)) && !redisGuarded) {
            problems.add("StatefulSet " + REDIS_NAME + ": no NetworkPolicy restricts who reaches it");
        }
    }

    /** Every peer is a pod selector of this namespace matching exactly one allowed label (label=true or name=value). */
    private static void peers(String where, JsonNode from, Set<String> allowed, List<String> problems) {
        if (!from.isArray() || from.isEmpty()) {
            problems.add(where + ": admits every pod (no from / networkPolicyPeers)");
            return;
        }
        for (JsonNode peer : from) {
            JsonNode match = peer.at("/podSelector/matchLabels");
            boolean ok = peer.size() == 1 && match.size() == 1 && allowed.stream().anyMatch(a -> a.contains("=")
                    ? match.path(a.substring(0, a.indexOf('='))).asText().equals(a.substring(a.indexOf('=') + 1))
                    : match.path(a).asText().equals("true"));
            if (!ok) {
                problems.add(where + ": admits " + peer + " (only pods labelled " + allowed + ")");
            }
        }
    }
}

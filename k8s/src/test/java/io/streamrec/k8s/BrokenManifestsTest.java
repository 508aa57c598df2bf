package io.streamrec.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each check catches a deliberately broken manifest: the checks of ManifestsTest can fail. */
class BrokenManifestsTest {
    static final List<JsonNode> BASE = ManifestsTest.render("base");

    static List<String> problemsAfter(String kindAndName, Consumer<ObjectNode> breakIt) {
        JsonNode m = BASE.stream().filter(x -> Manifests.name(x).equals(kindAndName)).findFirst().orElseThrow().deepCopy();
        breakIt.accept((ObjectNode) m);
        return Manifests.problems(List.of(m));
    }

    /** The deployment rules on the whole base with one manifest broken (or added, with a new name). */
    static List<String> rulesAfter(String kindAndName, Consumer<ObjectNode> breakIt) {
        List<JsonNode> all = new java.util.ArrayList<>();
        for (JsonNode x : BASE) {
            if (Manifests.name(x).equals(kindAndName)) {
                ObjectNode broken = x.deepCopy();
                breakIt.accept(broken);
                if (!Manifests.name(broken).equals(kindAndName)) {
                    all.add(x); // a renamed copy is an extra workload
                }
                all.add(broken);
            } else {
                all.add(x);
            }
        }
        return DeploymentRules.problems(all);
    }

    static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    @Test
    void theOriginalsPass() {
        assertThat(problemsAfter("Deployment streamrec-api", m -> { })).isEmpty();
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> { })).isEmpty();
    }

    @Test
    void builtInKindsRefuseUnknownFieldsWrongTypesAndMissingRequiredOnes() {
        assertThat(problemsAfter("Deployment streamrec-api", m -> at(m, "/spec").put("replica", 2)))
                .singleElement().asString().contains("replica");
        assertThat(problemsAfter("Deployment streamrec-api", m -> at(m, "/spec").put("replicas", "two"))).isNotEmpty();
        assertThat(problemsAfter("Deployment streamrec-api", m -> at(m, "/spec/template/spec/containers/0/resources/limits")
                .put("memory", "1 gigabyte"))).isNotEmpty();
        assertThat(problemsAfter("Deployment streamrec-api", m -> at(m, "/spec").remove("selector")))
                .singleElement().asString().contains("selector");
        assertThat(problemsAfter("Service streamrec-api", m -> at(m, "/spec/ports/0").put("prot", 80))).isNotEmpty();
    }

    @Test
    void customKindsRefuseUnknownFieldsWrongTypesAndValuesOutsideTheirEnums() {
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/job").put("upgradeMode", "savepont")))
                .singleElement().asString().contains("upgradeMode");
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec").put("jobb", 1)))
                .singleElement().asString().contains("jobb");
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec").put("flinkVersion", "v2_3")))
                .isNotEmpty();
        assertThat(problemsAfter("KafkaTopic events", m -> at(m, "/spec").put("partitions", "twelve"))).isNotEmpty();
        assertThat(problemsAfter("KafkaNodePool dual-role", m -> at(m, "/spec").putArray("roles").add("leader"))).isNotEmpty();
        assertThat(problemsAfter("Kafka streamrec-kafka", m -> at(m, "/spec/kafka/listeners/0").put("tlss", false)))
                .isNotEmpty();
        assertThat(problemsAfter("PodMonitor streamrec-api", m -> at(m, "/spec").remove("selector"))).isNotEmpty();
    }

    @Test
    void flinkReadsTheConfigurationAndLaysOutTheMemory() {
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/flinkConfiguration")
                .put("execution.checkpointing.interval", "10 parsecs")))
                .singleElement().asString().contains("execution.checkpointing.interval");
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/flinkConfiguration")
                .put("state.backend.typ", "rocksdb")))
                .singleElement().asString().contains("state.backend.typ: not an option");
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/flinkConfiguration")
                .put("kubernetes.operator.periodic.savepoint.interval", "often"))).isNotEmpty();
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/flinkConfiguration")
                .put("metrics.reporter.prom.factory.class", "org.example.NoSuchReporter"))).isNotEmpty();
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/taskManager/resource")
                .put("memory", "256m"))).singleElement().asString().contains("taskManager.resource.memory");
        assertThat(problemsAfter("FlinkDeployment streamrec-learner", m -> at(m, "/spec/jobManager/resource")
                .put("memory", "64m"))).singleElement().asString().contains("jobManager.resource.memory");
    }

    @Test
    void aKindWithoutASchemaIsAFailureNotASkip() {
        assertThat(problemsAfter("Service streamrec-api", m -> m.put("kind", "Ingress")))
                .singleElement().asString().contains("no schema");
    }

    @Test
    void theDeploymentRulesCatchAPodWithoutProbesResourcesOrHardening() {
        assertThat(rulesAfter("Deployment streamrec-api", m -> { })).isEmpty();
        String container = "/spec/template/spec/containers/0";
        assertThat(rulesAfter("Deployment streamrec-api", m -> at(m, container).remove("readinessProbe")))
                .singleElement().asString().contains("no liveness or readiness probe");
        assertThat(rulesAfter("StatefulSet streamrec-redis", m -> at(m, container).remove("livenessProbe")))
                .singleElement().asString().contains("no liveness or readiness probe");
        assertThat(rulesAfter("Deployment streamrec-api", m -> at(m, container + "/resources/requests").remove("memory")))
                .singleElement().asString().contains("no /resources/requests/memory");
        assertThat(rulesAfter("StatefulSet streamrec-redis", m -> at(m, container + "/resources").remove("limits")))
                .singleElement().asString().contains("no /resources/limits/memory");
        assertThat(rulesAfter("Deployment streamrec-api", m -> at(m, "/spec/template/spec/securityContext")
                .put("runAsNonRoot", false))).singleElement().asString().contains("not runAsNonRoot");
        assertThat(rulesAfter("Deployment streamrec-api", m -> at(m, container + "/securityContext")
                .put("readOnlyRootFilesystem", false))).singleElement().asString().contains("root filesystem writable");
        assertThat(rulesAfter("StatefulSet streamrec-redis", m -> at(m, container + "/securityContext")
                .remove("allowPrivilegeEscalation"))).singleElement().asString().contains("privilege escalation");
    }

    @Test
    void theNetworkRulesCatchAnyOtherWayIntoRedisOrKafka() {
        assertThat(rulesAfter("NetworkPolicy streamrec-redis", m -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                m.at("/spec/ingress")).addObject().putArray("ports").addObject().put("port", 6379)))
                .singleElement().asString().contains("admits every pod");
        assertThat(rulesAfter("NetworkPolicy streamrec-redis", m -> at(m, "/spec/ingress/0/from/0")
                .putObject("namespaceSelector"))).singleElement().asString().contains("admits");
        assertThat(rulesAfter("NetworkPolicy streamrec-redis", m -> at(m, "/spec/podSelector/matchLabels")
                .put("app.kubernetes.io/name", "something-else")))
                .singleElement().asString().contains("no NetworkPolicy restricts who reaches it");
        assertThat(rulesAfter("Kafka streamrec-kafka", m -> at(m, "/spec/kafka/listeners/0").remove("networkPolicyPeers")))
                .singleElement().asString().contains("listener plain: admits every pod");
        assertThat(rulesAfter("Kafka streamrec-kafka", m -> at(m, "/spec/kafka/listeners/1/networkPolicyPeers/0/podSelector/matchLabels")
                .put("streamrec.io/redis-client", "true"))).singleElement().asString().contains("listener tls: admits");
        assertThat(rulesAfter("Deployment streamrec-api", m -> at(m, "/metadata").put("name", "a-sidecar-shop")))
                .as("another workload with the client labels").hasSize(2)
                .allSatisfy(p -> assertThat(p).startsWith("Deployment a-sidecar-shop: carries streamrec.io/"));
    }
}

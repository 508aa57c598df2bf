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
}

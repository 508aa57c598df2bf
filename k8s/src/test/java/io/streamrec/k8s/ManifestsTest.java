package io.streamrec.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, every manifest passes its schema, and the rules of docs/operations.md hold. */
class ManifestsTest {

    static List<JsonNode> render(String dir) {
        return Manifests.parse(Kubectl.kustomize(Manifests.K8S.resolve(dir)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production"})
    void rendersAndEveryManifestPassesItsSchema(String dir) {
        List<JsonNode> manifests = render(dir);
        assertThat(manifests).extracting(m -> m.path("kind").asText())
                .contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "FlinkDeployment",
                        "Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "PodMonitor", "NetworkPolicy", "ConfigMap");
        assertThat(Manifests.problems(manifests)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void followsTheDeploymentRules(String dir) {
        List<JsonNode> manifests = render(dir);
        assertThat(manifests).as("secrets never in manifests").noneMatch(m -> m.path("kind").asText().equals("Secret"));
        assertThat(manifests).allMatch(m -> m.path("kind").asText().equals("Namespace")
                || m.at("/metadata/namespace").asText().equals("streamrec"), "every manifest in the streamrec namespace");
        assertThat(DeploymentRules.problems(manifests)).isEmpty();

        JsonNode api = manifests.stream().filter(m -> Manifests.name(m).equals("Deployment streamrec-api")).findFirst().orElseThrow();
        assertThat(api.at("/spec/template/metadata/labels").toString()).as("the API reaches Redis and Kafka")
                .contains(DeploymentRules.REDIS_CLIENT).contains(DeploymentRules.KAFKA_CLIENT);
        JsonNode container = api.at("/spec/template/spec/containers/0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("envFrom").toString()).contains("streamrec-secrets").contains("streamrec-config");

        JsonNode flink = manifests.stream().filter(m -> m.path("kind").asText().equals("FlinkDeployment")).findFirst().orElseThrow();
        assertThat(flink.at("/spec/podTemplate/metadata/labels").toString()).as("the job reaches Redis and Kafka")
                .contains(DeploymentRules.REDIS_CLIENT).contains(DeploymentRules.KAFKA_CLIENT);
        assertThat(flink.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(flink.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(flink.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/streamrec-flink-job.jar");
        assertThat(flink.at("/spec/flinkConfiguration/state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(flink.at("/spec/flinkConfiguration/high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(flink.at("/spec/podTemplate/spec/containers/0/ports").toString()).contains("9249");
    }

    /**
     * Production speaks TLS to Kafka: only the TLS listener is left, the clients are configured for SSL
     * against its port, and every Kafka client pod mounts the CA file the configuration names.
     */
    @org.junit.jupiter.api.Test
    void productionReachesKafkaOnlyOverTls() {
        List<JsonNode> manifests = render("overlays/production");
        JsonNode kafka = manifests.stream().filter(m -> m.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
        assertThat(kafka.at("/spec/kafka/listeners")).allSatisfy(l -> assertThat(l.path("tls").asBoolean()).isTrue());
        JsonNode config = manifests.stream().filter(m -> Manifests.name(m).equals("ConfigMap streamrec-config")).findFirst().orElseThrow();
        String tlsPort = kafka.at("/spec/kafka/listeners/0/port").asText();
        assertThat(config.at("/data/STREAMREC_KAFKA_BOOTSTRAP").asText()).endsWith(":" + tlsPort);
        assertThat(config.at("/data/STREAMREC_KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SSL");
        String caFile = config.at("/data/STREAMREC_KAFKA_TLS_CA_FILE").asText();
        String caDir = caFile.substring(0, caFile.lastIndexOf('/'));
        JsonNode api = manifests.stream().filter(m -> Manifests.name(m).equals("Deployment streamrec-api")).findFirst().orElseThrow();
        JsonNode flink = manifests.stream().filter(m -> m.path("kind").asText().equals("FlinkDeployment")).findFirst().orElseThrow();
        for (JsonNode pod : List.of(api.at("/spec/template/spec"), flink.at("/spec/podTemplate/spec"))) {
            JsonNode mount = null;
            for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
                if (m.path("mountPath").asText().equals(caDir)) {
                    mount = m;
                }
            }
            assertThat(mount).as("a volume mounted at %s", caDir).isNotNull();
            String volume = mount.path("name").asText();
            assertThat(pod.path("volumes").toString()).contains("\"name\":\"" + volume + "\"")
                    .contains("streamrec-kafka-cluster-ca-cert").contains(caFile.substring(caDir.length() + 1));
        }
    }

    /** Production answers browsers over HTTPS: an Ingress terminates TLS for the API's Service and port. */
    @org.junit.jupiter.api.Test
    void productionServesTheApiOverHttpsThroughAnIngress() {
        List<JsonNode> manifests = render("overlays/production");
        JsonNode ingress = manifests.stream().filter(m -> Manifests.name(m).equals("Ingress streamrec-api")).findFirst().orElseThrow();
        JsonNode service = manifests.stream().filter(m -> Manifests.name(m).equals("Service streamrec-api")).findFirst().orElseThrow();
        String host = ingress.at("/spec/rules/0/host").asText();
        assertThat(ingress.at("/spec/tls/0/hosts").toString()).contains(host);
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
        JsonNode backend = ingress.at("/spec/rules/0/http/paths/0/backend/service");
        assertThat(backend.path("name").asText()).isEqualTo("streamrec-api");
        assertThat(service.at("/spec/ports").toString()).contains("\"name\":\"" + backend.at("/port/name").asText() + "\"");
    }
}

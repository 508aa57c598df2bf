package io.streamrec.stack;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import io.streamrec.core.util.ParentWatchdog;

/**
 * Runs inside the broker's child JVM: formats the KRaft storage on first use, starts the broker
 * (broker and controller roles in one process), creates the requested topics and then writes the
 * ready file its parent waits for.
 *
 * <p>Arguments: dataDir port controllerPort readyFile [topic:partitions …].
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        ParentWatchdog.install();
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path ready = Path.of(args[3]);
        List<String> topics = List.of(args).subList(4, args.length);

        Path logs = dir.resolve("logs");
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        String tlsPort = System.getProperty("streamrec.kafka.tls-port");
        if (tlsPort != null) {
            // a TLS listener besides the plain one (which the broker itself and the topic set-up use)
            props.put("listeners", props.get("listeners") + ",SSL://127.0.0.1:" + tlsPort);
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SSL://127.0.0.1:" + tlsPort);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SSL:SSL");
            props.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
            props.put("listener.name.ssl.ssl.keystore.location", System.getProperty("streamrec.kafka.tls-keystore"));
            props.put("listener.name.ssl.ssl.keystore.password", System.getProperty("streamrec.kafka.tls-password"));
            props.put("listener.name.ssl.ssl.key.password", System.getProperty("streamrec.kafka.tls-password"));
            String clientCa = System.getProperty("streamrec.kafka.tls-client-ca");
            if (clientCa != null) {
                props.put("listener.name.ssl.ssl.client.auth", "required");
                props.put("listener.name.ssl.ssl.truststore.type", "PEM");
                props.put("listener.name.ssl.ssl.truststore.location", clientCa);
            }
        }
        props.put("log.dirs", logs.toAbsolutePath().toString());
        props.put("num.partitions", "4");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("log.retention.hours", "168");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(w, "written by streamrec KafkaBrokerMain");
        }

        if (!Files.exists(logs.resolve("meta.properties"))) {
            Path idFile = dir.resolve("cluster.id");
            String clusterId = Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
            int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c",
                    config.toAbsolutePath().toString(), "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("kafka-storage format failed with code " + rc);
                System.exit(rc);
            }
        }

        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {config.toAbsolutePath().toString()}),
                "kafka-main");
        broker.start();

        createTopics("127.0.0.1:" + port, topics);
        Files.writeString(ready, "ready\n");
        System.out.println("streamrec: Kafka broker ready on 127.0.0.1:" + port);
        broker.join();
    }

    private static void createTopics(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            // the broker answers metadata requests once it is up; wait for that first
            admin.describeCluster().nodes().get();
            List<NewTopic> wanted = new ArrayList<>();
            for (String t : topics) {
                String[] parts = t.split(":");
                wanted.add(new NewTopic(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1, (short) 1));
            }
            for (NewTopic t : wanted) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}

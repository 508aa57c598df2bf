package io.streamrec.api.health;

import io.streamrec.core.kafka.KafkaClientSecurity;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Kafka answers a cluster description and the events topic exists. */
public final class KafkaCheck implements DependencyCheck, AutoCloseable {
    private final Admin admin;
    private final String topic;

    public KafkaCheck(String bootstrap, String topic) {
        this(bootstrap, topic, KafkaClientSecurity.PLAINTEXT);
    }

    /** A check that reaches the brokers as {@code security} says (plain TCP or TLS). */
    public KafkaCheck(String bootstrap, String topic, KafkaClientSecurity security) {
        Map<String, Object> cfg = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.CLIENT_ID_CONFIG, "streamrec-api-health"));
        cfg.putAll(security.clientProperties());
        this.admin = Admin.create(cfg);
        this.topic = topic;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(2500, TimeUnit.MILLISECONDS);
            if (!admin.listTopics().names().get(2500, TimeUnit.MILLISECONDS).contains(topic)) {
                return "topic '" + topic + "' does not exist";
            }
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "no answer within 2.5 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}

package io.streamrec.api;

import io.javalin.Javalin;
import io.streamrec.api.index.ItemIndex;
import io.streamrec.api.events.KafkaEventPublisher;
import io.streamrec.api.health.KafkaCheck;
import io.streamrec.api.health.RedisCheck;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.api.ops.ConsoleSettings;
import io.streamrec.core.config.StreamrecConfig;
import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.core.util.ParentWatchdog;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** Starts the API: configuration, one Redis client, one Kafka producer, the HTTP server. */
public final class ApiMain {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

    private ApiMain() {}

    public static void main(String[] args) {
        ParentWatchdog.install();
        StreamrecConfig config;
        try {
            config = StreamrecConfig.fromEnvironment(Map.of());
        } catch (StreamrecConfig.ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("streamrec API configuration:\n{}", config.describe());
        ApiSettings settings;
        KafkaClientSecurity kafkaSecurity;
        HttpsConnector https;
        ConsoleSettings console;
        try {
            settings = ApiSettings.from(config);
            console = ConsoleSettings.from(config);
            kafkaSecurity = KafkaClientSecurity.from(config);
            https = HttpsConnector.from(config);
        } catch (StreamrecConfig.ConfigException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String bootstrap = config.getString(StreamrecConfig.KAFKA_BOOTSTRAP);
        String topic = config.getString(StreamrecConfig.KAFKA_TOPIC_EVENTS);
        UnifiedJedis redis = RedisClientFactory.create(RedisSettings.from(config, "streamrec-api"));
        KafkaEventPublisher publisher = new KafkaEventPublisher(bootstrap, topic,
                config.getInt(StreamrecConfig.KAFKA_DELIVERY_TIMEOUT_MS), kafkaSecurity);
        KafkaCheck kafkaCheck = new KafkaCheck(bootstrap, topic, kafkaSecurity);
        ApiMetrics metrics = new ApiMetrics();
        ItemIndex items = new ItemIndex(redis, config.getInt(StreamrecConfig.MF_DIM) + 1,
                config.getInt(StreamrecConfig.API_MAX_ITEMS), config.getInt(StreamrecConfig.API_ITEM_SYNC_MS),
                config.getInt(StreamrecConfig.API_SCAN_QUANTIZE_MIN_ITEMS), scanPool(config), metrics::itemFeedLag);
        Javalin app = StreamrecApi.create(new StreamrecApi.Dependencies(settings, publisher, redis, items,
                List.of(new RedisCheck(redis), kafkaCheck), metrics, console,
                new io.streamrec.api.content.ContentIndex(redis, io.streamrec.api.content.ContentSettings.from(config))),
                https);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            items.close();
            publisher.close();
            kafkaCheck.close();
            redis.close();
        }, "api-shutdown"));
        app.start(settings.host(), settings.port());
        LOG.info("streamrec API listening on {}://{}:{} (OpenAPI at /openapi, Swagger UI at /swagger)",
                https == null ? "http" : "https", settings.host(), app.port());
    }

    /** {@code api.scan-threads} (0 = the processors this JVM sees) and {@code api.scan-split-min-items}. */
    static ScanPool scanPool(StreamrecConfig config) {
        int threads = config.getInt(StreamrecConfig.API_SCAN_THREADS);
        return new ScanPool(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                config.getInt(StreamrecConfig.API_SCAN_SPLIT_MIN_ITEMS));
    }
}

package io.streamrec.flink;

import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.EmbeddedRedis;
import io.streamrec.stack.Ports;
import io.streamrec.stack.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The job's Kafka source and dead-letter sink over mutual TLS: a real broker whose TLS listener
 * requires client certificates signed by a test authority, and the job configured with the authority
 * and a client certificate (kafka.security-protocol=SSL, kafka.tls-ca-file, kafka.tls-keystore-file),
 * keeps the whole end-to-end contract of {@link StreamrecJobIT}.
 */
class KafkaTlsJobIT {

    @Test
    void theJobLearnsFromATlsOnlyBrokerAndWritesItsDeadLettersThere() throws Exception {
        Path dir = Path.of("target/it-job-tls-" + UUID.randomUUID()).toAbsolutePath();
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        try (EmbeddedRedis redisServer = EmbeddedRedis.start(dir.resolve("redis"), 0, false);
             EmbeddedKafka kafka = EmbeddedKafka.startWithTls(dir.resolve("kafka"), List.of("events:4", "events.dlq:1"),
                     new EmbeddedKafka.TlsListener(Ports.free(), certs.serverP12(), TestCertificates.PASSWORD, certs.caPem()));
             UnifiedJedis redis = RedisClientFactory.create(new RedisSettings(redisServer.url(), 2000, 4, 500, "it-tls"))) {
            JobSettings s = StreamrecJobIT.settings(Files.createTempDirectory("streamrec-it-ckpt"), kafka.tlsBootstrap(),
                    redisServer.url()).toBuilder().kafkaSecurity(new KafkaClientSecurity("SSL", certs.caPem().toString(),
                    certs.clientP12().toString(), TestCertificates.PASSWORD)).build();
            StreamrecJobIT.runAndAssertLearns(s, redis, kafka.bootstrap());
        }
    }
}

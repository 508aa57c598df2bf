package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import io.streamrec.api.events.KafkaEventPublisher;
import io.streamrec.api.health.KafkaCheck;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.kafka.KafkaClientSecurity;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.Ports;
import io.streamrec.stack.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's Kafka clients over TLS against a real broker whose TLS listener requires client
 * certificates (mutual TLS, as a Strimzi listener with {@code authentication: tls}): with the CA and a
 * client certificate events are accepted and reach the topic; without either the broker refuses the
 * client and the API answers 503 and is not ready, as when Kafka is down.
 */
class KafkaTlsIT {
    static TestCertificates certs;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        Path dir = Path.of("target/it-kafka-tls-" + UUID.randomUUID()).toAbsolutePath();
        certs = TestCertificates.create(dir.resolve("certs"));
        kafka = EmbeddedKafka.startWithTls(dir.resolve("broker"), List.of("events:2"),
                new EmbeddedKafka.TlsListener(Ports.free(), certs.serverP12(), TestCertificates.PASSWORD, certs.caPem()));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void withTheCaAndAClientCertificateEventsGoOverTls() throws Exception {
        KafkaClientSecurity tls = new KafkaClientSecurity("SSL", certs.caPem().toString(), certs.clientP12().toString(),
                TestCertificates.PASSWORD);
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.tlsBootstrap(), "events", 10_000, tls);
             KafkaCheck check = new KafkaCheck(kafka.tlsBootstrap(), "events", tls)) {
            var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(),
                    TestApi.newIndex(), List.of(check), new ApiMetrics()));
            JavalinTest.test(app, (server, client) -> {
                assertThat(client.get("/health/ready").code()).isEqualTo(200);
                var r = TestApi.postRaw(client, "/v1/events", "{\"userId\":\"tls-user\",\"itemId\":\"i1\",\"type\":\"view\",\"ts\":1000}");
                assertThat(r.code()).isEqualTo(202);
            });
        }
        // read back over the plain listener: the record the TLS producer wrote is there
        assertThat(KafkaIngestIT.consume(kafka.bootstrap(), 1))
                .extracting(rec -> new String(rec.key(), StandardCharsets.UTF_8)).contains("tls-user");
    }

    @Test
    void withoutAClientCertificateOrWithoutTheCaTheBrokerRefusesTheApi() throws Exception {
        for (KafkaClientSecurity refused : List.of(
                new KafkaClientSecurity("SSL", certs.caPem().toString(), "", ""),
                new KafkaClientSecurity("SSL", "", certs.clientP12().toString(), TestCertificates.PASSWORD))) {
            try (KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.tlsBootstrap(), "events", 2_000, refused);
                 KafkaCheck check = new KafkaCheck(kafka.tlsBootstrap(), "events", refused)) {
                var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(),
                        TestApi.newIndex(), List.of(check), new ApiMetrics()));
                JavalinTest.test(app, (server, client) -> {
                    var r = TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}");
                    assertThat(r.code()).as("%s", refused).isEqualTo(503);
                    assertThat(client.get("/health/ready").code()).as("%s", refused).isEqualTo(503);
                });
            }
        }
    }
}

package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import io.streamrec.api.events.KafkaEventPublisher;
import io.streamrec.api.health.KafkaCheck;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.core.event.EventJson;
import io.streamrec.stack.EmbeddedKafka;
import io.streamrec.stack.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** POST /v1/events against a real Kafka broker, and against none. */
class KafkaIngestIT {
    @Test
    void acceptedEventsAreInKafkaKeyedByUserWithTheirEventTime() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target/it-kafka-" + UUID.randomUUID()), 0, List.of("events:2"));
             KafkaEventPublisher publisher = new KafkaEventPublisher(kafka.bootstrap(), "events", 10_000);
             KafkaCheck check = new KafkaCheck(kafka.bootstrap(), "events")) {
            var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(), TestApi.newIndex(),
                    List.of(check), new ApiMetrics()));
            JavalinTest.test(app, (server, client) -> {
                assertThat(client.get("/health/ready").code()).isEqualTo(200);
                var r = TestApi.postRaw(client, "/v1/events", "[{\"userId\":\"alice\",\"itemId\":\"i1\",\"type\":\"view\",\"ts\":1000},"
                        + "{\"userId\":\"bob\",\"itemId\":\"i2\",\"type\":\"purchase\",\"ts\":\"1970-01-01T00:00:02Z\",\"value\":2,"
                        + "\"context\":{\"device\":\"android\"}}]");
                assertThat(r.code()).isEqualTo(202);
            });
            List<ConsumerRecord<byte[], byte[]>> records = consume(kafka.bootstrap(), 2);
            assertThat(records).extracting(rec -> new String(rec.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("alice", "bob");
            ConsumerRecord<byte[], byte[]> bob = records.stream()
                    .filter(rec -> new String(rec.key(), StandardCharsets.UTF_8).equals("bob")).findFirst().orElseThrow();
            // the record's timestamp is the arrival time; the event's own time travels in the payload
            assertThat(bob.timestamp()).isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(120_000L));
            assertThat(new String(bob.value(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"userId\":\"bob\",\"itemId\":\"i2\",\"type\":\"purchase\",\"ts\":2000,\"value\":2.0,\"context\":{\"device\":\"android\"}}");
        }
    }

    @Test
    void withoutKafkaTheApiAnswers503AndIsNotReady() throws Exception {
        String nowhere = "127.0.0.1:" + Ports.free();
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(nowhere, "events", 2_000);
             KafkaCheck check = new KafkaCheck(nowhere, "events")) {
            var app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, publisher, TestApi.redis(), TestApi.newIndex(),
                    List.of(check), new ApiMetrics()));
            JavalinTest.test(app, (server, client) -> {
                long t0 = System.nanoTime();
                var r = TestApi.postRaw(client, "/v1/events", "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":1}");
                assertThat(r.code()).isEqualTo(503);
                assertThat(r.headers().get("Retry-After")).containsExactly("5");
                assertThat(EventJson.MAPPER.readTree(r.body().string()).get("detail").asText()).startsWith("events not stored");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
                var ready = client.get("/health/ready");
                assertThat(ready.code()).isEqualTo(503);
                assertThat(ready.body().string()).contains("\"kafka\":\"DOWN");
            });
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrap, int n) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }
}

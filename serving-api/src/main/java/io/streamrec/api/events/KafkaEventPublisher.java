package io.streamrec.api.events;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.rank.ServedList;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.streamrec.core.kafka.KafkaClientSecurity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes events to the events topic with an idempotent producer and acks=all, keyed by user (so one
 * user's events stay in order on one partition), with the event's own time as record timestamp. Served
 * lists go to the same topic and partition, marked by their header ({@link ServedList#KAFKA_HEADER}).
 */
public final class KafkaEventPublisher implements EventPublisher {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final long waitMillis;
    private final LongAdder servedPublished = new LongAdder();
    private final LongAdder servedFailed = new LongAdder();
    private static final byte[] SERVED_KIND = ServedList.KIND.getBytes(StandardCharsets.UTF_8);

    public KafkaEventPublisher(String bootstrap, String topic, int deliveryTimeoutMs) {
        this(bootstrap, topic, deliveryTimeoutMs, KafkaClientSecurity.PLAINTEXT);
    }

    /** A publisher that reaches the brokers as {@code security} says (plain TCP or TLS). */
    public KafkaEventPublisher(String bootstrap, String topic, int deliveryTimeoutMs, KafkaClientSecurity security) {
        this.topic = topic;
        int requestTimeout = Math.max(1000, Math.min(5000, deliveryTimeoutMs / 3));
        Map<String, Object> cfg = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(deliveryTimeoutMs, requestTimeout + 2),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5000, deliveryTimeoutMs),
                ProducerConfig.CLIENT_ID_CONFIG, "streamrec-api",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        cfg.putAll(security.clientProperties());
        this.producer = new KafkaProducer<>(cfg);
        this.waitMillis = deliveryTimeoutMs + 5_000L;
    }

    @Override
    public void publishAll(List<Event> events) throws PublishException {
        List<Future<RecordMetadata>> pending = new ArrayList<>(events.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            for (Event e : events) {
                // the record's timestamp is the time of arrival, not the event's own ts (which travels in the
                // payload and drives the job's event time): brokers refuse timestamps more than an hour
                // ahead (log.message.timestamp.after.max.ms) and time-based retention would drop old events
                pending.add(producer.send(new ProducerRecord<>(topic, null, null,
                        e.userId.getBytes(StandardCharsets.UTF_8),
                        EventJson.toJson(e).getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> f : pending) {
                long left = Math.max(1, deadline - System.nanoTime());
                f.get(left, TimeUnit.NANOSECONDS);
            }
        } catch (KafkaException e) {
            throw new PublishException("Kafka did not take the events: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka did not confirm the events: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not confirm the events in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void publishServed(ServedList list) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, null,
                list.userId().getBytes(StandardCharsets.UTF_8), list.toJson());
        r.headers().add(ServedList.KAFKA_HEADER, SERVED_KIND);
        try {
            producer.send(r, (metadata, error) -> (error == null ? servedPublished : servedFailed).increment());
        } catch (KafkaException | IllegalStateException e) { // buffer full past max.block.ms, or closed
            servedFailed.increment();
        }
    }

    @Override
    public long servedListsPublished() {
        return servedPublished.sum();
    }

    @Override
    public long servedListsFailed() {
        return servedFailed.sum();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

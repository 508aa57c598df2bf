package io.streamrec.flink.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes dead letters as JSON, keyed by their source partition/offset. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        byte[] key = (d.topic + "-" + d.partition + "@" + d.offset).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, key, d.toJson().getBytes(StandardCharsets.UTF_8));
    }
}

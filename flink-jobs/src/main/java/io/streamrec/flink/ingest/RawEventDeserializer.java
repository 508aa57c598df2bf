package io.streamrec.flink.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import io.streamrec.core.rank.ServedList;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Passes every Kafka record on untouched, with where it came from and what it is (its
 * {@code streamrec-record} header: none for an event). Validation happens in
 * {@link ParseEventsFunction}, so a malformed record never fails the source: it reaches the
 * dead-letter topic instead.
 */
public final class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        Header kind = record.headers().lastHeader(ServedList.KAFKA_HEADER);
        out.collect(new RawEvent(record.value(), record.topic(), record.partition(), record.offset(), record.timestamp(),
                kind == null || kind.value() == null ? null : new String(kind.value(), StandardCharsets.UTF_8)));
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}

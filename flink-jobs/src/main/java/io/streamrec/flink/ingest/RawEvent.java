package io.streamrec.flink.ingest;

/** One Kafka record as read, before validation. A Flink POJO. */
public class RawEvent {
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record timestamp (epoch ms); the API sets it to the event's own time. */
    public long kafkaTimestamp;
    /**
     * What the record is, from its {@code streamrec-record} header: null for an event (no header), else the
     * header's value, such as {@code served} for the API's served lists ({@link io.streamrec.core.rank.ServedList}).
     */
    public String kind;

    public RawEvent() {}

    public RawEvent(byte[] value, String topic, int partition, long offset, long kafkaTimestamp) {
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
    }

    public RawEvent(byte[] value, String topic, int partition, long offset, long kafkaTimestamp, String kind) {
        this(value, topic, partition, offset, kafkaTimestamp);
        this.kind = kind;
    }
}

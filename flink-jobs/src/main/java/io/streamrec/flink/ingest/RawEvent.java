package io.streamrec.flink.ingest;

/** One Kafka record as read, before validation. A Flink POJO. */
public class RawEvent {
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record timestamp (epoch ms); the API sets it to the event's own time. */
    public long kafkaTimestamp;

    public RawEvent() {}

    public RawEvent(byte[] value, String topic, int partition, long offset, long kafkaTimestamp) {
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
    }
}

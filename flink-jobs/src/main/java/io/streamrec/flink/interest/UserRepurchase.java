package io.streamrec.flink.interest;

/**
 * What the job publishes for a user after a purchase or a cancellation changed their re-purchase
 * cycles: the state encoded for Redis ({@link io.streamrec.core.model.RepurchaseCodec}) and its
 * version. {@code encoded == null} is the tombstone: the user was forgotten. A Flink POJO.
 */
public class UserRepurchase {
    public String userId;
    public long version;
    public byte[] encoded;

    public UserRepurchase() {}

    public UserRepurchase(String userId, long version, byte[] encoded) {
        this.userId = userId;
        this.version = version;
        this.encoded = encoded;
    }

    /** The tombstone of a forgotten user. */
    public static UserRepurchase forgotten(String userId) {
        return new UserRepurchase(userId, 0, null);
    }

    public boolean isForgotten() {
        return encoded == null;
    }
}

package io.streamrec.flink.learn;

/**
 * A new version of a user or item vector, on its way to Redis; {@code vec == null} is a forgotten
 * user's tombstone (delete the vector). A Flink POJO.
 */
public class VectorUpdate {
    public String id;
    public long version;
    public float[] vec;
    /** Items only: the context vector (width d); null for users. */
    public float[] ctx;
    /** Event time of the event behind this version. */
    public long ts;

    public VectorUpdate() {}

    public VectorUpdate(String id, long version, float[] vec, long ts) {
        this(id, version, vec, null, ts);
    }

    public VectorUpdate(String id, long version, float[] vec, float[] ctx, long ts) {
        this.id = id;
        this.version = version;
        this.vec = vec;
        this.ctx = ctx;
        this.ts = ts;
    }

    /** The tombstone of a forgotten user. */
    public static VectorUpdate forgotten(String userId, long ts) {
        return new VectorUpdate(userId, 0, null, ts);
    }

    public boolean isForgotten() {
        return vec == null;
    }
}

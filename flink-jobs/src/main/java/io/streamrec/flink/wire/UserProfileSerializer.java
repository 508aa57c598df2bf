package io.streamrec.flink.wire;

import io.streamrec.core.interest.CategoryInterests;
import io.streamrec.core.model.CoOccurrence;
import io.streamrec.core.model.RepurchaseState;
import io.streamrec.flink.interest.RecentItemsState;
import io.streamrec.flink.learn.UserProfile;
import io.streamrec.flink.learn.UserState;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A user's keyed value ({@link UserProfile}), field by field: a byte of which parts are there, then the
 * learner's vector and recent items, the recent and bought items, the category interests, the
 * re-purchase cycles and the open basket, every item id written once per value ({@link StringTable}).
 * The stored fields are those the POJO serializer wrote before; transient ones stay out.
 */
public final class UserProfileSerializer extends StateSerializer<UserProfile> {
    private static final long serialVersionUID = 1L;
    /** The type of the users' state (the class's {@code @TypeInfo}). */
    public static final TypeInformation<UserProfile> TYPE = new MessageTypeInfo<>(UserProfile.class, new UserProfileSerializer());

    private static final int LEARNER = 1;
    private static final int RECENT = 2;
    private static final int BASKET = 4;
    private static final int INTEREST = 8;
    private static final int REBUY = 16;

    @Override
    public UserProfileSerializer duplicate() {
        return new UserProfileSerializer();
    }

    @Override
    public UserProfile createInstance() {
        return new UserProfile();
    }

    @Override
    public UserProfile copy(UserProfile from) {
        UserProfile p = new UserProfile();
        if (from.learner != null) {
            UserState f = from.learner;
            UserState u = new UserState();
            u.vec = Wire.copy(f.vec);
            u.acc = f.acc;
            u.version = f.version;
            u.recent = Wire.copy(f.recent);
            u.recentWeights = Wire.copy(f.recentWeights);
            p.learner = u;
        }
        if (from.recent != null) {
            RecentItemsState f = from.recent;
            RecentItemsState r = new RecentItemsState();
            r.items = Wire.copy(f.items);
            r.weights = Wire.copy(f.weights);
            r.landmark = f.landmark;
            r.refTs = f.refTs;
            r.version = f.version;
            r.bought = Wire.copy(f.bought);
            r.boughtTs = Wire.copy(f.boughtTs);
            r.interest = f.interest == null ? null : copy(f.interest);
            r.rebuy = f.rebuy == null ? null : copy(f.rebuy);
            p.recent = r;
        }
        if (from.basket != null) {
            CoOccurrence.Basket b = new CoOccurrence.Basket();
            b.items = Wire.copy(from.basket.items);
            b.lastTs = from.basket.lastTs;
            p.basket = b;
        }
        return p;
    }

    private static RepurchaseState copy(RepurchaseState f) {
        RepurchaseState c = new RepurchaseState();
        c.items = Wire.copy(f.items);
        c.counts = Wire.copy(f.counts);
        c.intervals = Wire.copy(f.intervals);
        c.gaps = Wire.copy(f.gaps);
        c.lastTs = Wire.copy(f.lastTs);
        c.version = f.version;
        return c;
    }

    private static CategoryInterests.State copy(CategoryInterests.State f) {
        CategoryInterests.State c = new CategoryInterests.State();
        c.categories = Wire.copy(f.categories);
        c.shortWeights = Wire.copy(f.shortWeights);
        c.longWeights = Wire.copy(f.longWeights);
        c.landmark = f.landmark;
        return c;
    }

    @Override
    void write(UserProfile p, DataOutputView out) throws IOException {
        Wire w = wire();
        StringTable ids = strings();
        ids.startWrite();
        RecentItemsState r = p.recent;
        int parts = (p.learner != null ? LEARNER : 0) | (r != null ? RECENT : 0) | (p.basket != null ? BASKET : 0)
                | (r != null && r.interest != null ? INTEREST : 0) | (r != null && r.rebuy != null ? REBUY : 0);
        out.writeByte(parts);
        if (p.learner != null) {
            UserState u = p.learner;
            w.writeFloats(u.vec, out);
            out.writeFloat(u.acc);
            out.writeLong(u.version);
            ids.writeArray(u.recent, out);
            w.writeFloats(u.recentWeights, out);
        }
        if (r != null) {
            ids.writeArray(r.items, out);
            w.writeDoubles(r.weights, out);
            out.writeLong(r.landmark);
            out.writeLong(r.refTs);
            out.writeLong(r.version);
            ids.writeArray(r.bought, out);
            w.writeLongs(r.boughtTs, out);
            if (r.interest != null) {
                CategoryInterests.State c = r.interest;
                ids.writeArray(c.categories, out);
                w.writeDoubles(c.shortWeights, out);
                w.writeDoubles(c.longWeights, out);
                out.writeLong(c.landmark);
            }
            if (r.rebuy != null) {
                RepurchaseState b = r.rebuy;
                ids.writeArray(b.items, out);
                w.writeDoubles(b.counts, out);
                w.writeDoubles(b.intervals, out);
                w.writeInts(b.gaps, out);
                w.writeLongs(b.lastTs, out);
                out.writeLong(b.version);
            }
        }
        if (p.basket != null) {
            ids.writeArray(p.basket.items, out);
            out.writeLong(p.basket.lastTs);
        }
    }

    @Override
    UserProfile read(DataInputView in) throws IOException {
        Wire w = wire();
        StringTable ids = strings();
        ids.startRead();
        int parts = in.readUnsignedByte();
        UserProfile p = new UserProfile();
        if ((parts & LEARNER) != 0) {
            UserState u = new UserState();
            u.vec = w.readFloats(in);
            u.acc = in.readFloat();
            u.version = in.readLong();
            u.recent = ids.readArray(in);
            u.recentWeights = w.readFloats(in);
            p.learner = u;
        }
        if ((parts & RECENT) != 0) {
            RecentItemsState r = new RecentItemsState();
            r.items = ids.readArray(in);
            r.weights = w.readDoubles(in);
            r.landmark = in.readLong();
            r.refTs = in.readLong();
            r.version = in.readLong();
            r.bought = ids.readArray(in);
            r.boughtTs = w.readLongs(in);
            r.interest = null;
            if ((parts & INTEREST) != 0) {
                CategoryInterests.State c = new CategoryInterests.State();
                c.categories = ids.readArray(in);
                c.shortWeights = w.readDoubles(in);
                c.longWeights = w.readDoubles(in);
                c.landmark = in.readLong();
                r.interest = c;
            }
            if ((parts & REBUY) != 0) {
                RepurchaseState b = new RepurchaseState();
                b.items = ids.readArray(in);
                b.counts = w.readDoubles(in);
                b.intervals = w.readDoubles(in);
                b.gaps = w.readInts(in);
                b.lastTs = w.readLongs(in);
                b.version = in.readLong();
                r.rebuy = b;
            }
            p.recent = r;
        }
        if ((parts & BASKET) != 0) {
            CoOccurrence.Basket b = new CoOccurrence.Basket();
            b.items = ids.readArray(in);
            b.lastTs = in.readLong();
            p.basket = b;
        }
        return p;
    }

    @Override
    public TypeSerializerSnapshot<UserProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer; migrates the users' values of the POJO serializer. */
    public static final class Snapshot extends StateSerializer.Snapshot<UserProfile> {
        public Snapshot() {
            super(UserProfileSerializer::new);
        }
    }
}

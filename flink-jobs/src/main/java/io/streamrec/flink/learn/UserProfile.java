package io.streamrec.flink.learn;

import io.streamrec.core.model.CoOccurrence;
import io.streamrec.flink.interest.RecentItemsState;

/**
 * Everything the job keeps of a user, one keyed value ({@code profile} of {@link UserLearnerFunction}):
 * one state read on a user's first event after their state left the heap and one write when it goes
 * back, one RocksDB key per user and one column family to flush at a checkpoint, where the three per-user
 * operators before kept three. Public fields like a Flink POJO, stored by a serializer of its own
 * ({@link io.streamrec.flink.wire.UserProfileSerializer}: the item ids once per value, the arrays copied
 * whole), which also reads the values the POJO serializer wrote before it.
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(UserProfile.Type.class)
public class UserProfile {
    /** The user's factor vector, its accumulator and version, and the items it folds in. */
    public UserState learner;
    /** Recent and bought items, category interests, re-purchase cycles. */
    public RecentItemsState recent;
    /** The open basket of co-occurrence; null while none is open. */
    public CoOccurrence.Basket basket;

    public UserProfile() {}

    public UserProfile(UserState learner, RecentItemsState recent, CoOccurrence.Basket basket) {
        this.learner = learner;
        this.recent = recent;
        this.basket = basket;
    }

    /** The type Flink finds for this class: its own serializer. */
    public static final class Type extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<UserProfile> {
        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<UserProfile> createTypeInfo(
                java.lang.reflect.Type t, java.util.Map<String, org.apache.flink.api.common.typeinfo.TypeInformation<?>> generics) {
            return io.streamrec.flink.wire.UserProfileSerializer.TYPE;
        }
    }
}

package io.streamrec.api.users;

/**
 * Answer of DELETE /v1/users/{userId}: how many Redis keys were deleted now, and that the tombstone
 * reached Kafka (the job clears its state when it reaches the tombstone).
 */
public record ForgetUserResponse(String userId, long redisKeysDeleted, boolean tombstoneSent) {}

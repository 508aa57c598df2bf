package io.streamrec.api.auth;

import io.streamrec.api.openapi.Doc;

/** A user id with a token for it. */
public record UserTokenResponse(
        @Doc(value = "the user the token is for", required = true) String userId,
        @Doc(value = "send as Authorization: Bearer <token>", required = true) String token,
        @Doc(value = "expiry, epoch seconds", required = true) long expiresAt) {}

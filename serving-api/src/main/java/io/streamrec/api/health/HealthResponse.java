package io.streamrec.api.health;

import java.util.Map;

/** {@code status} is UP or DOWN; {@code checks} maps each dependency to UP or the reason it is down. */
public record HealthResponse(String status, Map<String, String> checks) {}

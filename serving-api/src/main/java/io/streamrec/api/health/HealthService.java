package io.streamrec.api.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readiness: every dependency answers. Results are cached for a second so probes stay cheap. */
public final class HealthService {
    private static final long CACHE_MILLIS = 1000;

    private final List<DependencyCheck> checks;
    private volatile HealthResponse cached;
    private volatile long cachedAt;

    public HealthService(List<DependencyCheck> checks) {
        this.checks = checks;
    }

    public HealthResponse readiness() {
        long now = System.currentTimeMillis();
        HealthResponse c = cached;
        if (c != null && now - cachedAt < CACHE_MILLIS) {
            return c;
        }
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = true;
        for (DependencyCheck check : checks) {
            String problem = check.check();
            results.put(check.name(), problem == null ? "UP" : "DOWN: " + problem);
            up &= problem == null;
        }
        HealthResponse r = new HealthResponse(up ? "UP" : "DOWN", results);
        cached = r;
        cachedAt = now;
        return r;
    }
}

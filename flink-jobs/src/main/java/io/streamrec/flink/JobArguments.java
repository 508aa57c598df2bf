package io.streamrec.flink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's program arguments: {@code --local} (run in an embedded MiniCluster with the web
 * dashboard, for ./recsys demo) and any configuration key as {@code --key value} or
 * {@code --key=value} (e.g. {@code --redis.url redis://redis:6379}), which overrides the config file
 * and the {@code STREAMREC_*} environment of the process that runs {@code main()}: on a cluster, the
 * JobManager.
 */
public record JobArguments(boolean local, Map<String, String> overrides) {

    public static JobArguments parse(String... args) {
        boolean local = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--local")) {
                local = true;
            } else if (a.startsWith("--") && a.contains("=")) {
                overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--") && a.length() > 2 && i + 1 < args.length) {
                overrides.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected program argument '" + a
                        + "': expected --local, --<config key> <value> or --<config key>=<value>");
            }
        }
        return new JobArguments(local, Map.copyOf(overrides));
    }
}

package io.streamrec.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of this process and each process it started (the local stack's job, API, Kafka broker and
 * redis-server), by name: what a benchmark phase cost each of them, read from the operating system.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU seconds so far of this process ({@code bench}) and of each descendant, by {@link #name}. */
    static Map<String, Double> snapshot() {
        Map<String, Double> m = new LinkedHashMap<>();
        add(m, "bench", ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(p -> add(m, name(p), p));
        return m;
    }

    /** {@code after − before} per process, in CPU seconds (a process that started in between counts from 0). */
    static Map<String, Double> since(Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        snapshot().forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }

    private static void add(Map<String, Double> m, String name, ProcessHandle p) {
        Optional<Duration> cpu = p.info().totalCpuDuration();
        cpu.ifPresent(c -> m.merge(name, c.toNanos() / 1e9, Double::sum));
    }

    /** redis-server, kafka-broker, flink-job, api, or the executable's file name for anything else. */
    static String name(ProcessHandle p) {
        String cmd = p.info().command().orElse("?");
        String args = String.join(" ", p.info().arguments().orElse(new String[0]));
        try {
            // the JDK may cut a long command line (a classpath); /proc has it whole on Linux
            args = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone: what the JDK gave
        }
        if (cmd.endsWith("redis-server") || args.contains("redis-server")) {
            return "redis-server";
        }
        if (args.contains("KafkaBrokerMain") || args.contains("kafka-broker") || args.contains("kafka-log4j2")) {
            return "kafka-broker";
        }
        if (args.contains("io.streamrec.flink")) {
            return "flink-job";
        }
        if (args.contains("io.streamrec.api")) {
            return "api";
        }
        return cmd.substring(cmd.lastIndexOf('/') + 1);
    }
}

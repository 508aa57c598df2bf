package io.streamrec.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.util.TimeUtils;

/**
 * A FlinkDeployment's {@code flinkConfiguration} read by Flink itself: every key must be one of
 * Flink's options (a typo fails), every value must parse as that option's type (an unparsable duration
 * fails), and the JobManager's and TaskManagers' memory must fit Flink's memory model, as the operator
 * will ask Flink to lay it out (too small a TaskManager fails).
 */
final class FlinkConfigurationCheck {
    /** The operator's own keys this project sets, with how to read them (the operator is not on the classpath). */
    static final Map<String, String> OPERATOR_KEYS = Map.of(
            "kubernetes.operator.periodic.savepoint.interval", "duration",
            "kubernetes.operator.savepoint.history.max.age", "duration",
            "kubernetes.operator.savepoint.history.max.count", "int");
    private static final Map<String, ConfigOption<?>> OPTIONS = flinkOptions();

    private FlinkConfigurationCheck() {}

    /** Problems of one FlinkDeployment: its configuration and its resources. */
    static List<String> problems(Map<String, String> flinkConfiguration, String jobManagerMemory, double jobManagerCpu,
                                 String taskManagerMemory, double taskManagerCpu) {
        List<String> out = new ArrayList<>();
        Configuration conf = Configuration.fromMap(flinkConfiguration);
        for (Map.Entry<String, String> e : flinkConfiguration.entrySet()) {
            String key = e.getKey();
            try {
                if (OPERATOR_KEYS.containsKey(key)) {
                    if (OPERATOR_KEYS.get(key).equals("duration")) {
                        TimeUtils.parseDuration(e.getValue());
                    } else {
                        Integer.parseInt(e.getValue());
                    }
                } else if (key.startsWith("metrics.reporter.")) {
                    reporterProblem(key, e.getValue(), out);
                } else if (OPTIONS.containsKey(key)) {
                    conf.get(OPTIONS.get(key));
                } else {
                    out.add(key + ": not an option of Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
                }
            } catch (RuntimeException ex) {
                out.add(key + ": " + e.getValue() + ": " + ex.getMessage());
            }
        }
        try {
            Configuration tm = new Configuration(conf);
            tm.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(taskManagerMemory));
            tm.set(TaskManagerOptions.CPU_CORES, taskManagerCpu);
            TaskExecutorProcessUtils.processSpecFromConfig(tm);
        } catch (RuntimeException ex) {
            out.add("taskManager.resource.memory " + taskManagerMemory + ": " + ex.getMessage());
        }
        try {
            Configuration jm = new Configuration(conf);
            jm.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(jobManagerMemory));
            JobManagerProcessUtils.processSpecFromConfig(jm);
        } catch (RuntimeException ex) {
            out.add("jobManager.resource.memory " + jobManagerMemory + ": " + ex.getMessage());
        }
        if (jobManagerCpu <= 0 || taskManagerCpu <= 0) {
            out.add("resource.cpu must be positive");
        }
        return out;
    }

    private static void reporterProblem(String key, String value, List<String> out) {
        String setting = key.substring(key.indexOf('.', "metrics.reporter.".length()) + 1);
        switch (setting) {
            case "factory.class" -> {
                try {
                    Class.forName(value);
                } catch (ClassNotFoundException e) {
                    out.add(key + ": no class " + value);
                }
            }
            case "port" -> {
                for (String part : value.split("-")) {
                    Integer.parseInt(part.trim());
                }
            }
            case "interval" -> TimeUtils.parseDuration(value);
            default -> out.add(key + ": not a setting this project checks (factory.class, port, interval)");
        }
    }

    /** Every ConfigOption declared in Flink's *Options classes, under its key and its fallback keys. */
    private static Map<String, ConfigOption<?>> flinkOptions() {
        Map<String, ConfigOption<?>> out = new HashMap<>();
        List<String> classes = new ArrayList<>(List.of("org.apache.flink.state.rocksdb.RocksDBOptions",
                "org.apache.flink.state.rocksdb.RocksDBConfigurableOptions"));
        try (JarFile jar = new JarFile(Path.of(CoreOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.matches("org/apache/flink/configuration/[A-Za-z]+Options\\.class")) {
                    classes.add(name.replace('/', '.').replace(".class", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String c : classes) {
            try {
                for (Field f : Class.forName(c).getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                        ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                        out.put(o.key(), o);
                        for (FallbackKey k : o.fallbackKeys()) {
                            out.putIfAbsent(k.getKey(), o);
                        }
                    }
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // a class without options we can read; the keys it would define fail as unknown
            }
        }
        return out;
    }
}

package io.streamrec.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Where the build assembled the cluster's {@code lib/} folder (the Flink modules flink-dist would
 * bundle, the RocksDB backend, the Prometheus reporter and log4j) and this module's own classes.
 */
public final class FlinkLib {
    private static final Properties PROPS = load();

    /**
     * JVM options of every JVM that runs Flink here (JobManager, TaskManagers, the demo's MiniCluster):
     * what Flink needs on JDK 17 (flink-dist's {@code env.java.opts.all}, and java.sql for Kryo) and the
     * Vector API the job's kernels use.
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED", "--add-opens=java.sql/java.sql=ALL-UNNAMED",
            "--add-modules=jdk.incubator.vector");

    /**
     * The garbage collector of the JVMs that run the job's tasks here (the session cluster's TaskManagers,
     * the demo's MiniCluster): the throughput collector. The learning job keeps its hot state on the heap;
     * the learn benchmark measured less CPU per event with it than with G1, whose write barriers and
     * concurrent refinement cost on every reference stored into that state (docs/benchmarks.md). Its full
     * collections stop the tasks for as long as they take to mark and compact that state, which grows with
     * the heap: Kubernetes deployments, with larger heaps, keep the JVM's default G1 (docs/operations.md).
     */
    public static final List<String> TASK_GC_OPTIONS = List.of("-XX:+UseParallelGC");

    /**
     * The heap of the JVMs that run the job's tasks here in transparent huge pages (where the kernel
     * offers them on request, {@code madvise}; elsewhere the JVM warns once and goes on without): the
     * learners' caches and matrices are read at random, and with 4 KB pages most of those reads also
     * miss the TLB. The learn benchmark measured less job CPU per event with them (docs/benchmarks.md).
     */
    public static final List<String> TASK_MEMORY_OPTIONS = List.of("-XX:+UseTransparentHugePages");

    private FlinkLib() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = FlinkLib.class.getResourceAsStream("/streamrec/flink-cluster.properties")) {
            if (in == null) {
                throw new IllegalStateException("streamrec/flink-cluster.properties is missing: build with ./mvnw first");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The Flink version the lib folder holds. */
    public static String flinkVersion() {
        return PROPS.getProperty("flink.version");
    }

    /** The lib folder; fails when the build has not assembled it. */
    public static Path dir() {
        Path dir = Path.of(PROPS.getProperty("flink.lib"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the Flink lib folder " + dir + " is missing: run ./mvnw install -DskipTests");
        }
        return dir;
    }

    /** A classpath of every jar in the lib folder, as the Flink scripts build it. */
    public static String classpath() {
        return dir().resolve("*").toString();
    }

    /** The log4j configuration of a job run in a local MiniCluster ({@code --local}: ./recsys demo). */
    public static Path localLog4jConfig() {
        return Path.of(PROPS.getProperty("cluster.classes"), "streamrec", "flink-local-log4j2.xml");
    }

    /**
     * The job jar the build made in the source tree at {@code home} ({@code flink-jobs/target}); fails
     * when it is missing.
     */
    public static Path jobJar(Path home) {
        Path jar = home.resolve("flink-jobs/target/streamrec-flink-job-" + PROPS.getProperty("project.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the job jar " + jar + " is missing: run ./mvnw package -DskipTests");
        }
        return jar;
    }

    /** The classpath of the cluster's processes: the lib folder and {@link WatchedMain}. */
    static String clusterClasspath() {
        return classpath() + java.io.File.pathSeparator + PROPS.getProperty("cluster.classes");
    }
}

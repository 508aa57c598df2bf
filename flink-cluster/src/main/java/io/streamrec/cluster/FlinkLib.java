package io.streamrec.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build assembled the cluster's {@code lib/} folder (the Flink modules flink-dist would
 * bundle, the RocksDB backend, the Prometheus reporter and log4j) and this module's own classes.
 */
public final class FlinkLib {
    private static final Properties PROPS = load();

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

package io.streamrec.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) from
 * {@code org.apache.kafka:kafka_2.13}, run in a child JVM so that its dependencies (Scala, its own
 * Jackson and logging) never meet Flink's or Javalin's. Topics given to {@link #start} exist when it
 * returns.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final ChildProcess process;
    private final int port;
    private int tlsPort;

    private EmbeddedKafka(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a broker on {@code port} (0 = a free port) with its logs under {@code dataDir}, and
     * creates {@code topics} ("name:partitions").
     */
    public static EmbeddedKafka start(Path dataDir, int port, List<String> topics) {
        return start(dataDir, port, topics, false);
    }

    /** As {@link #start(Path, int, List)}; a {@code detached} broker outlives this JVM (stop it by {@link #pid()}). */
    public static EmbeddedKafka start(Path dataDir, int port, List<String> topics, boolean detached) {
        return start(dataDir, port, topics, detached, null);
    }

    /**
     * A TLS listener besides the plain one: on {@code port}, with the broker's key and certificate in the
     * PKCS12 {@code keystore}; {@code clientCa} (PEM) makes client certificates signed by it required
     * (mutual TLS), null accepts any client.
     */
    public record TlsListener(int port, Path keystore, String password, Path clientCa) {
        List<String> jvmOptions() {
            List<String> o = new ArrayList<>(List.of("-Dstreamrec.kafka.tls-port=" + port,
                    "-Dstreamrec.kafka.tls-keystore=" + keystore.toAbsolutePath(),
                    "-Dstreamrec.kafka.tls-password=" + password));
            if (clientCa != null) {
                o.add("-Dstreamrec.kafka.tls-client-ca=" + clientCa.toAbsolutePath());
            }
            return o;
        }
    }

    /** A broker that also listens with TLS as {@code tls} says; its TLS address is {@link #tlsBootstrap()}. */
    public static EmbeddedKafka startWithTls(Path dataDir, List<String> topics, TlsListener tls) {
        EmbeddedKafka k = start(dataDir, 0, topics, false, tls);
        k.tlsPort = tls.port();
        return k;
    }

    private static EmbeddedKafka start(Path dataDir, int port, List<String> topics, boolean detached, TlsListener tls) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int p = port > 0 ? port : Ports.free();
        int controller = Ports.free();
        Path ready = dataDir.resolve("ready");
        try {
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(dataDir.toAbsolutePath().toString(), Integer.toString(p),
                Integer.toString(controller), ready.toAbsolutePath().toString()));
        args.addAll(topics);
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlog4j2.configurationFile=streamrec/kafka-log4j2.xml"));
        if (tls != null) {
            jvm.addAll(tls.jvmOptions());
        }
        ChildProcess child = detached
                ? ChildProcess.startDetached("kafka-broker", ChildProcess.detachedJavaCommand(StackClasspath.get(), jvm,
                        KafkaBrokerMain.class.getName(), args), dataDir.resolve("broker.log"), Map.of())
                : ChildProcess.start("kafka-broker", ChildProcess.javaCommand(StackClasspath.get(), jvm,
                        KafkaBrokerMain.class.getName(), args), dataDir.resolve("broker.log"), Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(ready)) {
            if (!child.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with code " + child.exitCode()
                        + "; last log lines:\n" + child.tail(40));
            }
            if (System.nanoTime() > deadline) {
                child.close();
                throw new IllegalStateException("Kafka broker not ready within 90 s; last log lines:\n" + child.tail(40));
            }
            Ports.sleep(100);
        }
        return new EmbeddedKafka(child, p);
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The TLS listener's address (a broker started by {@link #startWithTls}). */
    public String tlsBootstrap() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this broker has no TLS listener");
        }
        return "127.0.0.1:" + tlsPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}

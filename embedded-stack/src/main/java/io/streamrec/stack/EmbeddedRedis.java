package io.streamrec.stack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real redis-server on 127.0.0.1: the one on PATH, else the Linux binary bundled in the
 * {@code com.github.codemonstur:embedded-redis} jar from Maven Central. Never a mock.
 */
public final class EmbeddedRedis implements AutoCloseable {
    static final String BUNDLED_LINUX_AMD64 = "redis-server-6.2.6-v5-linux-amd64";

    private final ChildProcess process;
    private final int port;
    private final String executable;

    private EmbeddedRedis(ChildProcess process, int port, String executable) {
        this.process = process;
        this.port = port;
        this.executable = executable;
    }

    /**
     * Starts redis-server on {@code port} (0 = a free port) with its data under {@code dataDir}.
     * With {@code persistent} it snapshots to dump.rdb there, as a local demo should.
     */
    public static EmbeddedRedis start(Path dataDir, int port, boolean persistent) {
        return start(dataDir, port, persistent, false);
    }

    /** As {@link #start(Path, int, boolean)}; a {@code detached} server outlives this JVM (stop it by {@link #pid()}). */
    public static EmbeddedRedis start(Path dataDir, int port, boolean persistent, boolean detached) {
        return start(dataDir, port, persistent, detached, List.of());
    }

    /** As {@link #start(Path, int, boolean, boolean)} with further redis-server options (e.g. cluster mode). */
    public static EmbeddedRedis start(Path dataDir, int port, boolean persistent, boolean detached, List<String> options) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int p = port > 0 ? port : Ports.free();
        String exe = findExecutable(dataDir);
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", Integer.toString(p), "--bind", "127.0.0.1",
                "--dir", dataDir.toAbsolutePath().toString(), "--daemonize", "no", "--protected-mode", "no",
                "--appendonly", "no", "--loglevel", "warning"));
        if (persistent) {
            cmd.addAll(List.of("--save", "60 1000", "--dbfilename", "dump.rdb"));
        } else {
            cmd.addAll(List.of("--save", ""));
        }
        cmd.addAll(options);
        ChildProcess child = detached
                ? ChildProcess.startDetached("redis-server", cmd, dataDir.resolve("redis.log"), Map.of())
                : ChildProcess.start("redis-server", cmd, dataDir.resolve("redis.log"), Map.of());
        Ports.await("127.0.0.1", p, Duration.ofSeconds(20), child);
        return new EmbeddedRedis(child, p, exe);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public String executable() {
        return executable;
    }

    /** Ends the server at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** redis-server on PATH, else the bundled binary extracted under {@code dir}. */
    static String findExecutable(Path dir) {
        Optional<Path> onPath = onPath("redis-server");
        if (onPath.isPresent()) {
            return onPath.get().toString();
        }
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("no redis-server on PATH and no bundled binary for " + os + "/" + arch
                    + ": install redis-server or set STREAMREC_REDIS_URL");
        }
        Path target = dir.resolve("bin").resolve(BUNDLED_LINUX_AMD64);
        if (Files.isExecutable(target)) {
            return target.toString();
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "redis-server", ".tmp");
            try (InputStream in = openBundled()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!tmp.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + tmp + " executable");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled redis-server: " + e.getMessage(), e);
        }
    }

    private static InputStream openBundled() throws IOException {
        InputStream direct = EmbeddedRedis.class.getResourceAsStream("/" + BUNDLED_LINUX_AMD64);
        if (direct != null) {
            return direct;
        }
        String jar = StackClasspath.jarContaining("embedded-redis-")
                .orElseThrow(() -> new IOException("embedded-redis jar not found on the recorded classpath"));
        ZipFile zip = new ZipFile(jar);
        ZipEntry e = zip.getEntry(BUNDLED_LINUX_AMD64);
        if (e == null) {
            zip.close();
            throw new IOException(BUNDLED_LINUX_AMD64 + " not found in " + jar);
        }
        InputStream in = zip.getInputStream(e);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
    }

    static Optional<Path> onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        process.close();
    }
}

package io.streamrec.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of the local stack (redis-server, Kafka broker, Flink job, API) with its output in a log
 * file. Closing it stops it (SIGTERM, then SIGKILL after a grace period) together with its children.
 * Child JVMs get {@code -Dstreamrec.parent.pid} so that {@link ParentWatchdog} ends them if this
 * process dies without closing them. A {@linkplain #startDetached detached} process is the exception:
 * it outlives this one (the daemons of {@code ./recsys cluster start}) and is stopped later by its pid.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Path log, Map<String, String> env) {
        ChildProcess c = spawn(name, command, log, env);
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "stop-" + name));
        return c;
    }

    /**
     * Starts a process that keeps running after this JVM exits (no shutdown hook; build its command
     * with {@link #detachedJavaCommand} so that no watchdog ends it). Stop it with {@link #stop(long)}.
     */
    public static ChildProcess startDetached(String name, List<String> command, Path log, Map<String, String> env) {
        return spawn(name, command, log, env);
    }

    private static ChildProcess spawn(String name, List<String> command, Path log, Map<String, String> env) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The command to start a JVM with the given classpath and main class, watched by its parent. */
    public static List<String> javaCommand(String classpath, List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> watched = new ArrayList<>(jvmArgs);
        watched.add("-Dstreamrec.parent.pid=" + ProcessHandle.current().pid());
        return detachedJavaCommand(classpath, watched, mainClass, args);
    }

    /** The command to start a JVM that no parent watches (for {@link #startDetached}). */
    public static List<String> detachedJavaCommand(String classpath, List<String> jvmArgs, String mainClass,
                                                   List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, no grace: what a crashed machine or an OOM kill does to the process. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends SIGTERM and waits up to the grace period; then SIGKILL. Children of the process go too. */
    @Override
    public void close() {
        stop(process.toHandle());
    }

    /** Stops a process started earlier (possibly by another JVM) by its pid; false if it was not running. */
    public static boolean stop(long pid) {
        return ProcessHandle.of(pid).map(h -> {
            boolean alive = h.isAlive();
            stop(h);
            return alive;
        }).orElse(false);
    }

    private static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone or not: nothing more to do
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
    }
}

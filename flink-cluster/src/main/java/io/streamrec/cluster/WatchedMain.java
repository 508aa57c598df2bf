package io.streamrec.cluster;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs a Flink entry point ({@code WatchedMain <main class> <args…>}) and halts the JVM when the
 * process named by {@code -Dstreamrec.parent.pid} is gone, so that a JobManager or TaskManager started
 * by a test never outlives the test JVM even when that JVM is killed. Only the JDK is used here: this
 * class runs on the cluster's own classpath.
 */
public final class WatchedMain {
    private WatchedMain() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: WatchedMain MAIN_CLASS [ARGS…]");
        }
        String pid = System.getProperty("streamrec.parent.pid");
        if (pid != null && !pid.isBlank()) {
            long parent = Long.parseLong(pid.trim());
            Thread t = new Thread(() -> {
                while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.err.println("streamrec: parent process " + parent + " is gone, stopping");
                Runtime.getRuntime().halt(0);
            }, "parent-watchdog");
            t.setDaemon(true);
            t.start();
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

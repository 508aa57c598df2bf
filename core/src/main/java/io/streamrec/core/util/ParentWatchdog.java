package io.streamrec.core.util;

/**
 * Ends a child JVM of the local stack when the process that started it is gone (for instance killed
 * with SIGKILL, so that it could not stop its children), so that no process is left behind.
 */
public final class ParentWatchdog {
    private ParentWatchdog() {}

    /** Starts watching when {@code -Dstreamrec.parent.pid} is set; a no-op otherwise. */
    public static void install() {
        String pid = System.getProperty("streamrec.parent.pid");
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parent = Long.parseLong(pid.trim());
        Thread t = new Thread(() -> {
            while (true) {
                boolean alive = ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    System.err.println("streamrec: parent process " + parent + " is gone, shutting down");
                    System.exit(0);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watchdog");
        t.setDaemon(true);
        t.start();
    }
}

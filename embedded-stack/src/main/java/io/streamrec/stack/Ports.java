package io.streamrec.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Small helpers for local TCP ports. */
public final class Ports {
    private Ports() {}

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The given port when it is free, else a free one. */
    public static int preferred(int port) {
        if (port > 0) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("0.0.0.0", port));
                return port;
            } catch (IOException busy) {
                // fall through
            }
        }
        return free();
    }

    public static boolean isOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until something listens on host:port; fails with what {@code child} logged otherwise. */
    public static void await(String host, int port, Duration timeout, ChildProcess child) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isOpen(host, port)) {
                return;
            }
            if (child != null && !child.isAlive()) {
                throw new IllegalStateException(child.name() + " exited with code " + child.exitCode()
                        + " before listening on port " + port + "; last log lines:\n" + child.tail(30));
            }
            sleep(100);
        }
        throw new IllegalStateException((child == null ? "service" : child.name()) + " did not listen on port " + port
                + " within " + timeout.toSeconds() + " s" + (child == null ? "" : "; last log lines:\n" + child.tail(30)));
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

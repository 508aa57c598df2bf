package io.streamrec.api.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser SDK's unit tests ({@code clients/js/test/}, Node's built-in runner, no npm packages)
 * as part of the build: the SDK ships in this module's jar at {@code demo/sdk/}. Skipped, with a message
 * saying so, where there is no {@code node} 18 or newer on the PATH.
 */
class JsSdkTest {
    static final Path SDK = Path.of("../clients/js").toAbsolutePath().normalize();

    @Test
    void sdkUnitTestsPassUnderNode() throws Exception {
        String version = nodeVersion();
        if (version == null) {
            skip("SKIPPED: no 'node' on the PATH; the browser SDK's unit tests (clients/js/test, node --test) did not run");
        }
        int major = Integer.parseInt(version.replaceAll("^v(\\d+).*", "$1"));
        if (major < 18) {
            skip("SKIPPED: node " + version + " is older than 18 (no node:test); the browser SDK's unit tests did not run");
        }
        Path log = Files.createTempFile("streamrec-js-sdk", ".tap");
        Process p = new ProcessBuilder("node", "--test", "--test-reporter=tap", "test/")
                .directory(SDK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String tap = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(tap.lines().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ") || l.startsWith("# "))
                .reduce("node " + version + " --test clients/js/test:", (a, b) -> a + "\n  " + b));
        assertThat(finished).as("node --test finished").isTrue();
        assertThat(p.exitValue()).as(tap).isZero();
        assertThat(tap).as("the SDK's tests ran").containsPattern("# pass [1-9]").contains("# fail 0");
    }

    /** Said on the console too, not only in the test report: never a silent skip. */
    static void skip(String why) {
        System.err.println(why);
        Assumptions.abort(why);
    }

    static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.startsWith("v") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

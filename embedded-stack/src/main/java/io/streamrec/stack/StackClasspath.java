package io.streamrec.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The runtime classpath of this module (Kafka broker, embedded-redis), recorded at build time into
 * the jar, so a module that depends on this one without its transitive dependencies can still start
 * a broker in a child JVM.
 */
final class StackClasspath {
    private StackClasspath() {}

    static String get() {
        String deps;
        try (InputStream in = StackClasspath.class.getResourceAsStream("/streamrec/embedded-stack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("embedded-stack.classpath is missing: build with ./mvnw first");
            }
            deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ownLocation() + java.io.File.pathSeparator + deps;
    }

    static String ownLocation() {
        try {
            return Path.of(StackClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<String> jarContaining(String artifactPrefix) {
        return Arrays.stream(get().split(java.io.File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().startsWith(artifactPrefix))
                .findFirst();
    }
}

package io.streamrec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where a checkout keeps what the launcher starts: the config file and each module's build output. */
final class Workspace {
    private Workspace() {}

    /** {@code STREAMREC_CONFIG} if set, else the repository's config/streamrec.properties if it exists. */
    static Path configFile(Path home, Map<String, String> env) {
        if (env.containsKey("STREAMREC_CONFIG")) {
            return Path.of(env.get("STREAMREC_CONFIG"));
        }
        Path p = home.resolve("config/streamrec.properties");
        return Files.isRegularFile(p) ? p : null;
    }

    /** The module's classes and its runtime classpath as recorded by the build. */
    static String moduleClasspath(Path home, String module) {
        Path cpFile = home.resolve(module).resolve("target/runtime.classpath");
        Path classes = home.resolve(module).resolve("target/classes");
        try {
            if (!Files.isRegularFile(cpFile) || !Files.isDirectory(classes)) {
                throw new IllegalStateException(module + " is not built (" + cpFile + " missing): run ./mvnw install -DskipTests");
            }
            return classes.toAbsolutePath() + java.io.File.pathSeparator + Files.readString(cpFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

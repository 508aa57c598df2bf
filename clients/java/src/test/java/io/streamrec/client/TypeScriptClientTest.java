package io.streamrec.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * clients/ts is the TypeScript fetch client, checked in so that a shop's front end can use it without
 * Java. The build generates it again from clients/openapi.json into target/generated-ts; this test fails
 * when the two differ, and with {@code -Dstreamrec.clients.write=true} replaces clients/ts instead.
 */
class TypeScriptClientTest {
    static final String REGENERATE = "./mvnw -q -o -pl serving-api,clients/java -am test "
            + "-Dtest='OpenApiFileTest,TypeScriptClientTest' -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dstreamrec.clients.write=true";

    final Path generated = Path.of(System.getProperty("streamrec.ts.generated", "target/generated-ts"));
    final Path checkedIn = Path.of(System.getProperty("streamrec.ts.checkedin", "../ts")).toAbsolutePath().normalize();

    @Test
    void checkedInClientIsWhatTheGeneratorMakesOfTheDocument() throws IOException {
        assertThat(generated.resolve("index.ts")).as("the build generates the client into %s (generate-sources); "
                + "run the test through Maven", generated).exists();
        if (Boolean.getBoolean("streamrec.clients.write")) {
            replace();
            System.out.println("wrote " + checkedIn);
            return;
        }
        Set<String> want = files(generated);
        Set<String> have = Files.isDirectory(checkedIn) ? files(checkedIn) : Set.of();
        List<String> problems = new ArrayList<>();
        for (String f : union(want, have)) {
            if (!have.contains(f)) {
                problems.add("missing  " + f);
            } else if (!want.contains(f)) {
                problems.add("extra    " + f);
            } else if (Files.mismatch(generated.resolve(f), checkedIn.resolve(f)) != -1) {
                problems.add("differs  " + f);
            }
        }
        assertThat(problems).as("%s is not what openapi-generator makes of clients/openapi.json "
                + "(target/generated-ts); regenerate it with:%n  %s%n", checkedIn, REGENERATE).isEmpty();
    }

    /** Relative paths of the client's files; the generator's checksum of its input is not part of it. */
    static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.endsWith(".sha256"))
                    .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private void replace() throws IOException {
        if (Files.isDirectory(checkedIn)) {
            try (Stream<Path> s = Files.walk(checkedIn)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        for (String f : files(generated)) {
            Path to = checkedIn.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(generated.resolve(f), to);
        }
    }
}

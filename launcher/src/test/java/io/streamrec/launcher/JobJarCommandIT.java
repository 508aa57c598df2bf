package io.streamrec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./recsys migrate-savepoint} as an operator runs it: the job jar's tool in its own JVM on the Flink
 * lib folder, on a savepoint of the job from before a user's state was one value (flink-jobs' test
 * resources): it writes the migrated savepoint and exits 0, and exits 2 without writing on bad arguments.
 */
class JobJarCommandIT {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final Path OLD = HOME.resolve("flink-jobs/src/test/resources/savepoints/three-user-operators");

    @Test
    void migrateSavepointWritesTheMigratedSavepoint(@TempDir Path dir) {
        Path merged = dir.resolve("merged");
        int rc = JobJarCommand.run(HOME, new String[] {"migrate-savepoint", "--from", OLD.toUri().toString(),
                "--to", merged.toString(), "--model.recent.ttl-days", "90"});
        assertThat(rc).isZero();
        assertThat(merged.resolve("_metadata")).isRegularFile();
    }

    @Test
    void withoutItsTargetItExitsWithTwoAndWritesNothing(@TempDir Path dir) {
        int rc = JobJarCommand.run(HOME, new String[] {"migrate-savepoint", "--from", OLD.toUri().toString()});
        assertThat(rc).isEqualTo(2);
        assertThat(dir.toFile().list()).isEmpty();
    }
}

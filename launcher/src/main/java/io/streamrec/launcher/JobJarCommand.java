package io.streamrec.launcher;

import io.streamrec.cluster.FlinkLib;
import io.streamrec.stack.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commands that run a tool of the job jar in its own JVM on the Flink lib folder, the same jars the
 * job runs with (the launcher does not carry Flink), with this process's output and exit code:
 * {@code ./recsys warm-start …} ({@code io.streamrec.flink.warm.WarmStart}) and
 * {@code ./recsys migrate-savepoint …} ({@code io.streamrec.flink.upgrade.UserStateMigration}).
 */
final class JobJarCommand {
    /** The commands and the job jar's main class of each. */
    static final java.util.Map<String, String> MAINS = java.util.Map.of(
            "warm-start", "io.streamrec.flink.warm.WarmStart",
            "migrate-savepoint", "io.streamrec.flink.upgrade.UserStateMigration");

    private JobJarCommand() {}

    static void usage(java.io.PrintStream out) {
        out.println(String.join("\n",
                "  warm-start --events FILE.jsonl --savepoint DIR [--until TS] [--iterations N] [--lambda L] [--alpha A]",
                "        [--scale S] [--redis on|off] [--<config key> value …]",
                "        implicit ALS on a history, written as a savepoint of the job (user and item learners) and",
                "        to Redis; start the job with execution.state-recovery.path=DIR (docs/operations.md)",
                "  migrate-savepoint --from SAVEPOINT --to DIR [--<config key> value …]",
                "        a savepoint of a job from before a user's state was one value (user-learner, recent-items,",
                "        basket-pairs) as one this job restores (docs/operations.md, \"Upgrade with a savepoint\")"));
    }

    /** Runs the tool of {@code args[0]} with the other arguments; its exit code. */
    static int run(Path home, String[] args) {
        String main = MAINS.get(args[0]);
        String classpath = FlinkLib.classpath() + java.io.File.pathSeparator + FlinkLib.jobJar(home);
        List<String> jvm = new ArrayList<>(List.of("-Xmx3g"));
        jvm.addAll(FlinkLib.JVM_OPTIONS);
        jvm.add("-Dlog4j.configurationFile=" + FlinkLib.localLog4jConfig().toUri());
        List<String> cmd = ChildProcess.javaCommand(classpath, jvm, main, Arrays.asList(args).subList(1, args.length));
        try {
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + args[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}

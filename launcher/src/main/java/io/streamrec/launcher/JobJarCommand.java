package io.streamrec.launcher;

import io.streamrec.cluster.FlinkLib;
import io.streamrec.stack.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./recsys warm-start --events FILE.jsonl --savepoint DIR [--until TS] [options]}: runs the job
 * jar's {@code io.streamrec.flink.warm.WarmStart} in its own JVM on the Flink lib folder, the same
 * jars the job runs with (the launcher does not carry Flink), with this process's output and exit code.
 */
final class WarmStartCommand {
    static final String MAIN = "io.streamrec.flink.warm.WarmStart";

    private WarmStartCommand() {}

    static void usage(java.io.PrintStream out) {
        out.println(String.join("\n",
                "  warm-start --events FILE.jsonl --savepoint DIR [--until TS] [--iterations N] [--lambda L] [--alpha A]",
                "        [--scale S] [--redis on|off] [--<config key> value …]",
                "        implicit ALS on a history, written as a savepoint of the job (user and item learners) and",
                "        to Redis; start the job with execution.state-recovery.path=DIR (docs/operations.md)"));
    }

    static int run(Path home, String[] args) {
        String classpath = FlinkLib.classpath() + java.io.File.pathSeparator + FlinkLib.jobJar(home);
        List<String> jvm = new ArrayList<>(List.of("-Xmx3g"));
        jvm.addAll(FlinkLib.JVM_OPTIONS);
        jvm.add("-Dlog4j.configurationFile=" + FlinkLib.localLog4jConfig().toUri());
        List<String> cmd = ChildProcess.javaCommand(classpath, jvm, MAIN, Arrays.asList(args).subList(1, args.length));
        try {
            Process p = new ProcessBuilder(cmd).directory(home.toFile()).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start warm-start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}

package io.streamrec.flink;

import io.streamrec.core.config.StreamrecConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job jar's savepoint tools share ({@code ./recsys warm-start}, {@code ./recsys migrate-savepoint}):
 * their own options split from the configuration keys, and a {@code main} that prints how to start the job
 * from the savepoint written and exits 0, 2 on bad arguments or configuration, 1 on any other failure.
 */
public final class SavepointTool {
    private SavepointTool() {}

    /** A tool's run: the URI of the savepoint it wrote. */
    @FunctionalInterface
    public interface Run {
        String savepoint() throws Exception;
    }

    /** The options and the job's settings of a tool's arguments. */
    public record Arguments(Map<String, String> options, JobSettings job) {}

    /**
     * Splits {@code args} into the tool's own {@code --option value} pairs (those named in {@code options})
     * and the configuration keys, read as the job reads them ({@code --key value}, the {@code STREAMREC_*}
     * environment, the config file).
     */
    public static Arguments parse(String[] args, List<String> options) {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && options.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                opts.put(name, args[++i]);
            } else {
                rest.add(a);
            }
        }
        StreamrecConfig config = StreamrecConfig.fromEnvironment(JobArguments.parse(rest.toArray(new String[0])).overrides());
        return new Arguments(opts, JobSettings.from(config));
    }

    /** Runs the tool {@code name} and exits with its status. */
    public static void main(String name, Run run) {
        try {
            String savepoint = run.savepoint();
            System.out.println("start the job from it: execution.state-recovery.path=" + savepoint);
            System.exit(0);
        } catch (IllegalArgumentException | StreamrecConfig.ConfigException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println(name + ": " + e);
            System.exit(1);
        }
    }
}

package io.streamrec.core.config;

/**
 * Prints the documented config file ({@code config/streamrec.properties}) or the README table from
 * the declared keys, so the docs never drift from the code. {@code ConfigDoc properties|markdown}.
 */
public final class ConfigDoc {
    private ConfigDoc() {}

    public static String properties() {
        StringBuilder b = new StringBuilder();
        b.append("# streamrec configuration.\n")
         .append("#\n")
         .append("# Every key is listed with its default. Precedence, lowest first: built-in default, this file,\n")
         .append("# the environment variable named beside the key, command-line flags. Values are checked at\n")
         .append("# start-up; an unknown key or a bad value stops the process with a message naming it.\n")
         .append("# Use another file with STREAMREC_CONFIG=/path/to/file.\n");
        String section = "";
        for (ConfigKey k : StreamrecConfig.keys()) {
            String s = k.name().substring(0, k.name().indexOf('.'));
            if (!s.equals(section)) {
                section = s;
                b.append("\n# ---- ").append(s).append(" ----\n");
            }
            b.append("\n# ").append(k.description()).append('\n')
             .append("# env: ").append(k.envName()).append("   default: ").append(k.defaultValue()).append('\n')
             .append(k.name()).append('=').append(k.defaultValue()).append('\n');
        }
        return b.toString();
    }

    public static String markdown() {
        StringBuilder b = new StringBuilder("| key | env override | default | meaning |\n|---|---|---|---|\n");
        for (ConfigKey k : StreamrecConfig.keys()) {
            b.append("| `").append(k.name()).append("` | `").append(k.envName()).append("` | `")
             .append(k.defaultValue()).append("` | ").append(k.description()).append(" |\n");
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.print(args.length > 0 && args[0].equals("markdown") ? markdown() : properties());
    }
}

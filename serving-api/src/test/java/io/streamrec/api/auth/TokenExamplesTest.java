package io.streamrec.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Node.js and Python minting examples of docs/security.md, run as they are printed there (with the
 * clock fixed), make tokens that the API accepts for the right user and expiry. Each skips, saying so,
 * where its interpreter is not on the PATH.
 */
class TokenExamplesTest {
    static final Path DOC = Path.of("../docs/security.md").toAbsolutePath().normalize();
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String USER = "ユーザー/42?";
    static final long NOW = 1_899_996_400L; // + the examples' default TTL of 3600 s
    static final long EXP = NOW + 3600;

    static String block(String heading, String language) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile(Pattern.quote(heading) + "[^\n]*\n+```" + language + "\n(.*?)\n```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("a ```%s block after %s in %s", language, heading, DOC).isTrue();
        String code = m.group(1);
        assertThat(code.lines().count()).as("a short example").isLessThanOrEqualTo(20);
        return code;
    }

    static String run(String interpreter, String suffix, String program) throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder(interpreter, "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        boolean present = probe != null && probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!present) {
            String why = "SKIPPED TokenExamplesTest: no '" + interpreter + "' on the PATH, so the " + interpreter
                    + " example of docs/security.md did not run";
            System.err.println(why);
            Assumptions.abort(why);
        }
        Path file = Files.createTempFile("streamrec-token-example", suffix);
        try {
            Files.writeString(file, program, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(interpreter, file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void acceptedByTheApi(String token) throws Exception {
        assertThat(token).isEqualTo(UserTokens.sign("k1", SECRET.getBytes(StandardCharsets.UTF_8), USER, EXP));
        UserTokens api = new UserTokens(Map.of("k1", SECRET.getBytes(StandardCharsets.UTF_8)), 86_400, () -> NOW * 1000);
        UserTokens.Verified v = api.verify(token);
        assertThat(v.userId()).isEqualTo(USER);
        assertThat(v.expiresAt()).isEqualTo(EXP);
    }

    @Test
    void theNodeExampleMintsTokensTheApiAccepts() throws Exception {
        String code = block("**Node.js**", "js");
        String program = code + "\nDate.now = () => " + NOW * 1000 + ";\n"
                + "console.log(mintUserToken('k1', '" + SECRET + "', '" + USER + "'));\n";
        acceptedByTheApi(run("node", ".mjs", program));
    }

    @Test
    void thePythonExampleMintsTokensTheApiAccepts() throws Exception {
        String code = block("**Python**", "python");
        String program = code + "\n\ntime.time = lambda: " + NOW + ".25\n"
                + "print(mint_user_token('k1', '" + SECRET + "', '" + USER + "'))\n";
        acceptedByTheApi(run("python3", ".py", program));
    }
}

package io.streamrec.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private certificate authority and two certificates it signs, made with the JDK's keytool for TLS
 * tests against real servers: {@code server.p12} for 127.0.0.1/localhost and {@code client.p12} for
 * mutual TLS, both PKCS12 under {@link #PASSWORD}, and the authority as PEM ({@code ca.crt}). Valid
 * for two days; never for production.
 */
public record TestCertificates(Path caPem, Path serverP12, Path clientP12) {
    public static final String PASSWORD = "test-only-password";

    /** Makes the authority and both certificates under {@code dir} (replacing earlier ones). */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("ca.p12", "ca.crt", "server.p12", "client.p12")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Path ca = dir.resolve("ca.p12");
            keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=streamrec-test-ca", "-ext", "bc:c", "-keystore", ca.toString());
            Path caPem = dir.resolve("ca.crt");
            keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
            Path server = signed(dir, ca, caPem, "server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
            Path client = signed(dir, ca, caPem, "client", "CN=streamrec-client", null);
            return new TestCertificates(caPem, server, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path signed(Path dir, Path ca, Path caPem, String name, String dname, String ext) throws IOException {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-keystore", store.toString());
        keytool(dir, "-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
        List<String> gen = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "2"));
        if (ext != null) {
            gen.addAll(List.of("-ext", ext));
        }
        keytool(dir, gen.toArray(String[]::new));
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool(dir, "-importcert", "-alias", name, "-file", crt.toString(), "-keystore", store.toString());
        return store;
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

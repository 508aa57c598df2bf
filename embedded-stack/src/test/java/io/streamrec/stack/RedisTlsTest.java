package io.streamrec.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * rediss:// against the same redis-server with TLS on, using a certificate made for the test with the
 * JDK's keytool: the client verifies the server against redis.tls-ca-file, and refuses it without.
 */
class RedisTlsTest {

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void rediss_verifiesTheServerAgainstTheConfiguredAuthority() throws Exception {
        Path dir = Path.of("target/tls-test-" + ProcessHandle.current().pid()).toAbsolutePath();
        Files.createDirectories(dir);
        Path p12 = dir.resolve("redis.p12");
        Files.deleteIfExists(p12);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("redis");
        Key key = ks.getKey("redis", "changeit".toCharArray());
        Path certFile = Files.writeString(dir.resolve("redis.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = Files.writeString(dir.resolve("redis.key"), pem("PRIVATE KEY", key.getEncoded()));

        int tlsPort = Ports.free();
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir.resolve("data"), 0, false, false, List.of(
                "--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certFile.toString(),
                "--tls-key-file", keyFile.toString(), "--tls-ca-cert-file", certFile.toString(),
                "--tls-auth-clients", "no"))) {
            String url = "rediss://127.0.0.1:" + tlsPort;
            try (UnifiedJedis tls = RedisClientFactory.create(new RedisSettings(url, 2000, 2, 2000, "tls-test",
                    certFile.toString()))) {
                tls.set("sr:tls", "encrypted");
                assertThat(tls.get("sr:tls")).isEqualTo("encrypted");
            }
            try (UnifiedJedis untrusted = RedisClientFactory.create(new RedisSettings(url, 2000, 2, 2000, "tls-test"))) {
                assertThatThrownBy(() -> untrusted.get("sr:tls")).as("a server the JVM does not trust").isNotNull();
            }
        }
    }
}

package io.streamrec.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.config.StreamrecConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @Test
    void plainTcpAddsNoClientProperties() {
        assertThat(KafkaClientSecurity.from(StreamrecConfig.defaults()).clientProperties()).isEmpty();
    }

    @Test
    void tlsVerifiesTheBrokersAgainstTheCaFileAndPresentsTheClientCertificate(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "pem");
        Path p12 = Files.write(dir.resolve("user.p12"), new byte[] {1});
        StreamrecConfig c = StreamrecConfig.load(null, Map.of("STREAMREC_KAFKA_SECURITY_PROTOCOL", "SSL",
                "STREAMREC_KAFKA_TLS_CA_FILE", ca.toString(), "STREAMREC_KAFKA_TLS_KEYSTORE_FILE", p12.toString(),
                "STREAMREC_KAFKA_TLS_KEYSTORE_PASSWORD", "s3cret"), Map.of());
        KafkaClientSecurity s = KafkaClientSecurity.from(c);
        assertThat(s.clientProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.keystore.type", "PKCS12").containsEntry("ssl.keystore.location", p12.toString())
                .containsEntry("ssl.keystore.password", "s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
        assertThat(c.describe()).doesNotContain("s3cret").contains("kafka.tls-keystore-password = <set>");
    }

    @Test
    void tlsWithTheJvmsAuthoritiesNeedsNoCaFile() {
        assertThat(new KafkaClientSecurity("SSL", "", "", "").clientProperties())
                .containsOnlyKeys("security.protocol", "ssl.endpoint.identification.algorithm");
    }

    @Test
    void inconsistentSettingsAreRefusedAtStart(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "pem");
        assertThatThrownBy(() -> new KafkaClientSecurity("PLAINTEXT", ca.toString(), "", ""))
                .hasMessageContaining("kafka.security-protocol=SSL");
        assertThatThrownBy(() -> new KafkaClientSecurity("SSL", "", ca.toString(), ""))
                .hasMessageContaining("kafka.tls-keystore-password");
        assertThatThrownBy(() -> new KafkaClientSecurity("SSL", dir.resolve("missing.crt").toString(), "", ""))
                .hasMessageContaining("not readable").hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_SSL", "", "", ""))
                .hasMessageContaining("PLAINTEXT or SSL");
        assertThatThrownBy(() -> StreamrecConfig.load(null, Map.of("STREAMREC_KAFKA_SECURITY_PROTOCOL", "TLS"), Map.of()))
                .hasMessageContaining("kafka.security-protocol");
    }
}

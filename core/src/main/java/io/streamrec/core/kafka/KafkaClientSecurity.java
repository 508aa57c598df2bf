package io.streamrec.core.kafka;

import io.streamrec.core.config.StreamrecConfig;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every Kafka client of streamrec (the API's producer and health check, the job's source and
 * dead-letter sink, the local stack's admin) reaches the brokers: plain TCP, or TLS that verifies the
 * brokers against a CA file and optionally presents a client certificate (mutual TLS, as a Strimzi
 * {@code KafkaUser} with {@code authentication: tls} gives one: {@code user.p12} and its password).
 * Turned into Kafka client properties by {@link #clientProperties()}.
 *
 * @param protocol         {@code PLAINTEXT} or {@code SSL}
 * @param caFile           PEM file of the authority that signed the brokers' certificates; empty = the
 *                         JVM's trusted authorities
 * @param keystoreFile     PKCS12 file with the client's key and certificate for mutual TLS; empty = none
 * @param keystorePassword its password (a secret: set it from the environment)
 */
public record KafkaClientSecurity(String protocol, String caFile, String keystoreFile, String keystorePassword)
        implements Serializable {

    public static final KafkaClientSecurity PLAINTEXT = new KafkaClientSecurity("PLAINTEXT", "", "", "");

    public KafkaClientSecurity {
        caFile = caFile == null ? "" : caFile.trim();
        keystoreFile = keystoreFile == null ? "" : keystoreFile.trim();
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        if (!"PLAINTEXT".equals(protocol) && !"SSL".equals(protocol)) {
            throw new IllegalArgumentException("kafka.security-protocol: PLAINTEXT or SSL, not '" + protocol + "'");
        }
        if ("PLAINTEXT".equals(protocol) && (!caFile.isEmpty() || !keystoreFile.isEmpty())) {
            throw new IllegalArgumentException(
                    "kafka.tls-ca-file and kafka.tls-keystore-file need kafka.security-protocol=SSL");
        }
        if (!keystoreFile.isEmpty() && keystorePassword.isEmpty()) {
            throw new IllegalArgumentException("kafka.tls-keystore-file needs kafka.tls-keystore-password");
        }
        for (String f : new String[] {caFile, keystoreFile}) {
            if (!f.isEmpty() && !Files.isReadable(Path.of(f))) {
                throw new IllegalArgumentException("Kafka TLS file not readable: " + f);
            }
        }
    }

    public static KafkaClientSecurity from(StreamrecConfig c) {
        return new KafkaClientSecurity(c.getString(StreamrecConfig.KAFKA_SECURITY_PROTOCOL),
                c.getString(StreamrecConfig.KAFKA_TLS_CA_FILE), c.getString(StreamrecConfig.KAFKA_TLS_KEYSTORE_FILE),
                c.getString(StreamrecConfig.KAFKA_TLS_KEYSTORE_PASSWORD));
    }

    /** The Kafka client properties for this setting; empty for plain TCP. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if ("PLAINTEXT".equals(protocol)) {
            return p;
        }
        p.put("security.protocol", protocol);
        // the brokers' host names are checked against their certificates (Kafka's default, stated)
        p.put("ssl.endpoint.identification.algorithm", "https");
        if (!caFile.isEmpty()) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", caFile);
        }
        if (!keystoreFile.isEmpty()) {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", keystoreFile);
            p.put("ssl.keystore.password", keystorePassword);
        }
        return p;
    }

    /** The settings with the keystore password masked, for logs. */
    @Override
    public String toString() {
        return "KafkaClientSecurity[protocol=" + protocol + ", caFile=" + caFile + ", keystoreFile=" + keystoreFile
                + ", keystorePassword=" + (keystorePassword.isEmpty() ? "" : "***") + "]";
    }
}

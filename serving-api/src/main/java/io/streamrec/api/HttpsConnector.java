package io.streamrec.api;

import io.streamrec.core.config.StreamrecConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS served by the API itself, for deployments without a TLS-terminating ingress or proxy: with
 * {@code api.tls-keystore-file} set, {@code api.host}:{@code api.port} speaks TLS only (TLS 1.2 and
 * 1.3, Jetty's default ciphers), with the key and certificate chain of that PKCS12 file.
 *
 * @param keystoreFile PKCS12 file with the server's key and certificate chain
 * @param password     its password (a secret: STREAMREC_API_TLS_KEYSTORE_PASSWORD)
 */
public record HttpsConnector(String keystoreFile, String password) {

    public HttpsConnector {
        if (!Files.isReadable(Path.of(keystoreFile))) {
            throw new IllegalArgumentException("api.tls-keystore-file not readable: " + keystoreFile);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("api.tls-keystore-file needs api.tls-keystore-password");
        }
    }

    /** The connector the configuration asks for; null = plain HTTP. */
    public static HttpsConnector from(StreamrecConfig c) {
        String file = c.getString(StreamrecConfig.API_TLS_KEYSTORE_FILE).trim();
        return file.isEmpty() ? null : new HttpsConnector(file, c.getString(StreamrecConfig.API_TLS_KEYSTORE_PASSWORD));
    }

    /** A TLS connector on {@code host}:{@code port}, read when the server starts. */
    Connector create(Server server, HttpConfiguration http, Supplier<String> host, IntSupplier port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(keystoreFile);
        ssl.setKeyStorePassword(password);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients may use an address the certificate does not name as SNI
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host.get());
        connector.setPort(port.getAsInt());
        return connector;
    }
}

package io.streamrec.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the one Redis client a process uses, for the topology {@code redis.url} names
 * ({@link RedisUrl}): one server, a Redis Cluster or a Sentinel-watched master. Every caller sees a
 * {@link UnifiedJedis}; pools have a bounded wait for a connection, so a saturated or dead Redis makes
 * callers fail fast instead of piling up threads. Every key a Lua script touches shares a hash tag
 * (redis/KEYS.md), so scripts and pipelines work the same on a cluster.
 */
public final class RedisClientFactory {
    private RedisClientFactory() {}

    /** TLS sockets that trust the authorities in a PEM file (and only those). */
    static SSLSocketFactory trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("redis.tls-ca-file " + pem + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("redis.tls-ca-file " + pem + ": " + e.getMessage(), e);
        }
    }

    public static UnifiedJedis create(RedisSettings s) {
        RedisUrl url = RedisUrl.parse(s.url());
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(s.timeoutMillis())
                .socketTimeoutMillis(s.timeoutMillis())
                .ssl(url.tls())
                .clientName(s.clientName())
                .database(url.database());
        if (url.tls()) {
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host in redis.url
            cfg.sslParameters(params);
            if (s.tlsCaFile() != null && !s.tlsCaFile().isEmpty()) {
                cfg.sslSocketFactory(trusting(Path.of(s.tlsCaFile())));
            }
        }
        if (url.user() != null) {
            cfg.user(url.user());
        }
        if (url.password() != null) {
            cfg.password(url.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.poolMaxTotal());
        pool.setMaxIdle(s.poolMaxTotal());
        pool.setMinIdle(Math.min(2, s.poolMaxTotal()));
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(s.poolMaxWaitMillis()));
        pool.setTestWhileIdle(true);
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        url.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
        return switch (url.topology()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(nodes.iterator().next())
                    .clientConfig(cfg.build())
                    .poolConfig(pool)
                    .build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(nodes)
                    .clientConfig(cfg.build())
                    .poolConfig(pool)
                    .maxTotalRetriesDuration(Duration.ofMillis(2L * s.timeoutMillis()))
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(url.masterName())
                    .sentinels(nodes)
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(s.timeoutMillis()).socketTimeoutMillis(s.timeoutMillis())
                            .clientName(s.clientName()).build())
                    .clientConfig(cfg.build())
                    .poolConfig(pool)
                    .build();
        };
    }
}

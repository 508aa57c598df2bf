package io.streamrec.core.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis.url}, parsed. Three topologies:
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} — one server ({@code rediss://} for TLS);</li>
 *   <li>{@code redis-cluster://[user:password@]host:port,host:port,…} — a Redis Cluster, any reachable
 *       nodes as seeds ({@code rediss-cluster://} for TLS);</li>
 *   <li>{@code redis-sentinel://[user:password@]host:port,host:port,…/masterName[/db]} — the master that
 *       Sentinel names ({@code rediss-sentinel://} for TLS to the master).</li>
 * </ul>
 *
 * @param nodes the server, the cluster's seed nodes, or the sentinels
 */
public record RedisUrl(Topology topology, boolean tls, String user, String password, List<Node> nodes,
                       String masterName, int database) {

    public enum Topology { STANDALONE, CLUSTER, SENTINEL }

    public record Node(String host, int port) {}

    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;

    /** {@code text} with the password of any Redis URL in it replaced by {@code ***}, for logs and messages. */
    public static String withoutPassword(String text) {
        return text.replaceAll("(rediss?(?:-cluster|-sentinel)?://[^:@/]*:)[^@]*@", "$1***@");
    }

    /** @throws IllegalArgumentException saying what is wrong, without the password */
    public static RedisUrl parse(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("redis.url must look like redis://host:port, redis-cluster://h1:p1,h2:p2 "
                    + "or redis-sentinel://h1:p1,h2:p2/master");
        }
        String scheme = url.substring(0, sep);
        Topology topology;
        boolean tls;
        switch (scheme) {
            case "redis" -> { topology = Topology.STANDALONE; tls = false; }
            case "rediss" -> { topology = Topology.STANDALONE; tls = true; }
            case "redis-cluster" -> { topology = Topology.CLUSTER; tls = false; }
            case "rediss-cluster" -> { topology = Topology.CLUSTER; tls = true; }
            case "redis-sentinel" -> { topology = Topology.SENTINEL; tls = false; }
            case "rediss-sentinel" -> { topology = Topology.SENTINEL; tls = true; }
            default -> throw new IllegalArgumentException("redis.url: unknown scheme '" + scheme + "' (redis, rediss, "
                    + "redis-cluster, rediss-cluster, redis-sentinel, rediss-sentinel)");
        }
        String rest = url.substring(sep + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = userInfo.substring(0, colon).isEmpty() ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            } else {
                password = userInfo;
            }
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        List<String> path = new ArrayList<>();
        if (slash >= 0) {
            for (String p : rest.substring(slash + 1).split("/")) {
                if (!p.isEmpty()) {
                    path.add(p);
                }
            }
        }
        int defaultPort = topology == Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        List<Node> nodes = new ArrayList<>();
        for (String h : hosts.split(",")) {
            if (h.isBlank()) {
                continue;
            }
            nodes.add(node(h.trim(), defaultPort));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("redis.url names no host");
        }
        if (topology == Topology.STANDALONE && nodes.size() > 1) {
            throw new IllegalArgumentException("redis.url: redis:// takes one host; use redis-cluster:// or "
                    + "redis-sentinel:// for several");
        }
        String master = null;
        int db = 0;
        if (topology == Topology.SENTINEL) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("redis.url: redis-sentinel:// needs the master's name, "
                        + "redis-sentinel://h1:p1,h2:p2/mymaster");
            }
            master = path.remove(0);
        }
        if (!path.isEmpty()) {
            if (topology == Topology.CLUSTER) {
                throw new IllegalArgumentException("redis.url: a Redis Cluster has only database 0");
            }
            try {
                db = Integer.parseInt(path.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("redis.url: the database must be a number, got '" + path.get(0) + "'");
            }
        }
        return new RedisUrl(topology, tls, user, password, List.copyOf(nodes), master, db);
    }

    private static Node node(String hostPort, int defaultPort) {
        int colon = hostPort.lastIndexOf(':');
        boolean bracketed = hostPort.startsWith("[");
        if (colon < 0 || (bracketed && colon < hostPort.indexOf(']'))) {
            return new Node(strip(hostPort), defaultPort);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new Node(strip(hostPort.substring(0, colon)), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis.url: bad port in '" + hostPort + "'");
        }
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}

package io.streamrec.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster on 127.0.0.1 from the same redis-server the stack uses: {@code masters} nodes
 * with {@code --cluster-enabled yes}, the 16,384 slots split evenly between them (assigned here with
 * CLUSTER ADDSLOTS, as {@code redis-cli --cluster create} would), joined with CLUSTER MEET. A node can
 * be killed and started again on its port and directory: it rejoins with its slots from nodes.conf
 * (its data, like any unpersisted node's, is gone).
 */
public final class EmbeddedRedisCluster implements AutoCloseable {
    public static final int SLOTS = 16_384;
    private final Path dir;
    private final List<Integer> ports;
    private final EmbeddedRedis[] nodes;

    private EmbeddedRedisCluster(Path dir, List<Integer> ports) {
        this.dir = dir;
        this.ports = ports;
        this.nodes = new EmbeddedRedis[ports.size()];
    }

    public static EmbeddedRedisCluster start(Path dir, int masters) {
        List<Integer> ports = IntStream.range(0, masters).map(i -> Ports.free()).boxed().collect(Collectors.toList());
        EmbeddedRedisCluster c = new EmbeddedRedisCluster(dir, ports);
        try {
            for (int i = 0; i < masters; i++) {
                c.startNode(i);
            }
            for (int i = 0; i < masters; i++) {
                try (Jedis j = c.jedis(i)) {
                    int from = i * SLOTS / masters;
                    int to = (i + 1) * SLOTS / masters;
                    j.clusterAddSlots(IntStream.range(from, to).toArray());
                    if (i > 0) {
                        j.clusterMeet("127.0.0.1", ports.get(0));
                    }
                }
            }
            c.awaitHealthy(Duration.ofSeconds(30));
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void startNode(int i) {
        nodes[i] = EmbeddedRedis.start(dir.resolve("node-" + i), ports.get(i), false, false, List.of(
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000"));
    }

    private Jedis jedis(int i) {
        return new Jedis(new HostAndPort("127.0.0.1", ports.get(i)), redis.clients.jedis.DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000).socketTimeoutMillis(5000).build());
    }

    /** Waits until every node says cluster_state:ok and knows every other node. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int i = 0; i < nodes.length && ok; i++) {
                try (Jedis j = jedis(i)) {
                    String info = j.clusterInfo();
                    last = "node " + i + ": " + info.lines().filter(l -> l.startsWith("cluster_state")
                            || l.startsWith("cluster_known_nodes") || l.startsWith("cluster_slots_ok")).toList();
                    ok = info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.length)
                            && info.contains("cluster_slots_ok:" + SLOTS);
                } catch (RuntimeException e) {
                    last = "node " + i + ": " + e.getMessage();
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            Ports.sleep(100);
        }
        throw new IllegalStateException("Redis Cluster not healthy within " + timeout.toSeconds() + " s: " + last);
    }

    /** {@code redis-cluster://} with every node as a seed. */
    public String url() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.length;
    }

    public int port(int node) {
        return ports.get(node);
    }

    /** The node that serves {@code key}'s slot. */
    public int nodeOf(String key) {
        int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(key);
        return owner(slot);
    }

    private int owner(int slot) {
        for (int i = 0; i < nodes.length; i++) {
            if (slot >= i * SLOTS / nodes.length && slot < (i + 1) * SLOTS / nodes.length) {
                return i;
            }
        }
        throw new IllegalArgumentException("slot " + slot);
    }

    /** SIGKILL one node, as a crash would. */
    public void kill(int node) {
        nodes[node].kill();
    }

    /** Starts a killed node again on its port and directory; it rejoins with its slots. */
    public void restart(int node) {
        startNode(node);
        awaitHealthy(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (EmbeddedRedis n : nodes) {
            if (n != null) {
                try {
                    n.close();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}

package io.streamrec.flink.warm;

import io.streamrec.core.data.EventFiles;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventWeights;
import io.streamrec.core.model.MfConfig;
import io.streamrec.core.model.NegativeSampler;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.vector.ItemMatrix;
import io.streamrec.core.vector.VectorCodec;
import io.streamrec.core.warm.AlsEngine;
import io.streamrec.core.warm.AlsSettings;
import io.streamrec.core.warm.History;
import io.streamrec.core.warm.JavaAlsEngine;
import io.streamrec.core.warm.WarmFactors;
import io.streamrec.flink.SavepointTool;
import io.streamrec.flink.JobSettings;
import io.streamrec.flink.learn.ItemState;
import io.streamrec.flink.learn.UserSide;
import io.streamrec.flink.learn.UserState;
import io.streamrec.flink.learn.VectorUpdate;
import io.streamrec.flink.sink.WarmVectorPublisher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code ./recsys warm-start --events history.jsonl [--until TS] --savepoint DIR [options] [--<config key> value …]}:
 * trains implicit ALS on an event history, writes the learners' state as a savepoint of the streaming
 * job ({@link WarmSavepoint}) and the vectors to Redis ({@link WarmVectorPublisher}). The job started
 * from the savepoint ({@code execution.state-recovery.path}) goes on learning from Kafka.
 *
 * <p>Nothing is written unless the whole history reads: a line that is not a valid event, an empty
 * history, a dimension other than the job's ({@code --dim} against {@code model.mf.dim}, or vectors of
 * another width already in Redis) stop the run before anything is written.
 */
public final class WarmStart {
    /** The options of this command; any other {@code --key value} is a configuration key. */
    static final List<String> OPTIONS = List.of("events", "savepoint", "until", "iterations", "lambda", "alpha", "scale",
            "acc-per-event", "engine", "redis", "dim", "parallelism");

    /** What a run did. */
    public record Result(String savepoint, int users, int items, int nnz, long events, double alsSeconds,
                         boolean published) {}

    private WarmStart() {}

    public static void main(String[] args) {
        SavepointTool.main("warm-start", () -> run(args, System.out).savepoint());
    }

    public static Result run(String[] args, PrintStream log) throws Exception {
        SavepointTool.Arguments arguments = SavepointTool.parse(args, OPTIONS);
        Map<String, String> opts = arguments.options();
        JobSettings job = arguments.job();
        MfConfig mf = job.learner().model();
        if (!opts.containsKey("events") || !opts.containsKey("savepoint")) {
            throw new IllegalArgumentException("usage: warm-start --events FILE.jsonl --savepoint DIR [--until TS] "
                    + "[--iterations N] [--lambda L] [--alpha A] [--scale S] [--acc-per-event A] [--engine java] "
                    + "[--redis on|off] [--<config key> value …]");
        }
        if (opts.containsKey("dim") && Integer.parseInt(opts.get("dim")) != mf.dim()) {
            throw new IllegalArgumentException("--dim " + opts.get("dim") + " does not match the job's model.mf.dim " + mf.dim()
                    + ": the savepoint must hold vectors of the job's width");
        }
        AlsSettings d = AlsSettings.defaults(mf.dim());
        AlsSettings als = new AlsSettings(mf.dim(), Float.parseFloat(opts.getOrDefault("lambda", "" + d.lambda())),
                Float.parseFloat(opts.getOrDefault("alpha", "" + d.alpha())),
                Integer.parseInt(opts.getOrDefault("iterations", "" + d.iterations())), d.cgSteps(),
                Float.parseFloat(opts.getOrDefault("scale", "" + d.scale())), d.seed());
        float accPerEvent = Float.parseFloat(opts.getOrDefault("acc-per-event", "" + WarmStates.DEFAULT_ACC_PER_EVENT));
        long until = parseTime(opts.get("until"));
        boolean publish = !opts.getOrDefault("redis", "on").equals("off");
        String engineName = opts.getOrDefault("engine", JavaAlsEngine.NAME);
        if (!engineName.equals(JavaAlsEngine.NAME)) {
            throw new IllegalArgumentException("unknown --engine " + engineName + " (this build has: java)");
        }
        Path savepoint = Path.of(opts.get("savepoint"));
        if (Files.isDirectory(savepoint)) {
            try (var s = Files.list(savepoint)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("savepoint directory " + savepoint + " exists and is not empty");
                }
            }
        }

        List<Event> events = readHistory(Path.of(opts.get("events")));
        EventWeights weights = EventWeights.defaults();
        History h = History.of(events, weights, als.alpha(), until);
        log.printf("warm-start: %,d events (%s), %,d users, %,d items, %,d interactions; ALS d=%d, %d iterations%n",
                h.events, until == Long.MAX_VALUE ? "all" : "before " + Instant.ofEpochMilli(until), h.users.length,
                h.items.length, h.nnz(), als.dim(), als.iterations());
        if (publish) {
            checkRedisWidth(job, mf);
        }
        long t0 = System.nanoTime();
        WarmFactors f;
        try (AlsEngine engine = new JavaAlsEngine(als.dim(), als.lambda(), als.cgSteps())) {
            f = WarmFactors.train(h, als, engine);
        }
        double alsSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf("warm-start: ALS trained in %.1f s%n", alsSeconds);
        WarmStates states = WarmStates.of(f, mf, events, weights, until, accPerEvent);
        int parallelism = Integer.parseInt(opts.getOrDefault("parallelism", "1"));
        String uri = WarmSavepoint.write(states, savepoint, job.maxParallelism(), parallelism, job.recentTtlSeconds());
        log.printf("warm-start: savepoint with %,d user and %,d item states (max parallelism %d) at %s%n",
                states.users.size(), states.items.size(), job.maxParallelism(), uri);
        if (publish) {
            publish(job, mf, states, h.lastTs, weights);
            log.printf("warm-start: %,d item and %,d user vectors written to Redis %s%n", states.items.size(),
                    states.users.size(), job.redis().redactedUrl());
        }
        return new Result(uri, h.users.length, h.items.length, h.nnz(), h.events, alsSeconds, publish);
    }

    /** All events of the file in event-time order; any unreadable line fails the whole run. */
    static List<Event> readHistory(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no history file " + file);
        }
        EventFiles.ReadResult r = EventFiles.read(file);
        if (!r.rejected().isEmpty()) {
            EventFiles.BadLine first = r.rejected().get(0);
            throw new IllegalArgumentException(file + " line " + first.line() + ": " + first.reason()
                    + (r.rejected().size() > 1 ? " (and " + (r.rejected().size() - 1) + " more bad lines)" : "")
                    + "; nothing written");
        }
        if (r.events().isEmpty()) {
            throw new IllegalArgumentException(file + " holds no events; nothing written");
        }
        List<Event> events = new ArrayList<>(r.events());
        events.sort(Comparator.comparingLong(e -> e.ts));
        return events;
    }

    /** Epoch milliseconds, an ISO instant or an ISO date (midnight UTC); absent: no cut. */
    public static long parseTime(String s) {
        if (s == null) {
            return Long.MAX_VALUE;
        }
        try {
            if (s.matches("-?\\d+")) {
                return Long.parseLong(s);
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--until " + s + ": expected epoch milliseconds, an ISO date or instant");
        }
    }

    /** Refuses to mix widths: item vectors already in Redis must be as wide as this model's. */
    static void checkRedisWidth(JobSettings job, MfConfig mf) {
        try (UnifiedJedis redis = RedisClientFactory.create(job.redis())) {
            ScanResult<Map.Entry<byte[], byte[]>> r = redis.hscan(RedisKeys.ITEM_VECTORS.getBytes(),
                    ScanParams.SCAN_POINTER_START_BINARY, new ScanParams().count(10));
            for (Map.Entry<byte[], byte[]> e : r.getResult()) {
                int width = VectorCodec.decode(e.getValue()).length;
                if (width != mf.width()) {
                    throw new IllegalArgumentException("Redis " + job.redis().redactedUrl() + " holds item vectors of width "
                            + width + " (model.mf.dim " + (width - 1) + "), this model's are " + mf.width() + " (model.mf.dim "
                            + mf.dim() + "): use the job's model.mf.dim, or another Redis; nothing written");
                }
            }
        }
    }

    static void publish(JobSettings job, MfConfig mf, WarmStates states, long ts, EventWeights weights) {
        ItemMatrix items = new ItemMatrix(mf.width(), Math.max(16, states.items.size()));
        ItemMatrix contexts = new ItemMatrix(mf.dim(), Math.max(16, states.items.size()));
        List<VectorUpdate> itemUpdates = new ArrayList<>(states.items.size());
        for (Map.Entry<String, ItemState> e : states.items.entrySet()) {
            ItemState s = e.getValue();
            items.upsert(e.getKey(), s.vec, s.version);
            contexts.upsert(e.getKey(), s.ctx, s.version);
            itemUpdates.add(new VectorUpdate(e.getKey(), s.version, s.vec, s.ctx, ts));
        }
        UserSide side = new UserSide(mf, weights, new NegativeSampler(16), items, contexts);
        List<VectorUpdate> userUpdates = new ArrayList<>(states.users.size());
        for (Map.Entry<String, UserState> e : states.users.entrySet()) {
            // what serving scores with: the long-term vector plus the context of the latest items
            userUpdates.add(new VectorUpdate(e.getKey(), e.getValue().version, side.query(e.getValue()), ts));
        }
        try (WarmVectorPublisher p = new WarmVectorPublisher(job.redis(), job.recentTtlSeconds(), job.changeFeedMaxLen())) {
            p.items(itemUpdates);
            p.users(userUpdates);
        }
    }
}

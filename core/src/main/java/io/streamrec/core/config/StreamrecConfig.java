package io.streamrec.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * streamrec's configuration: every key is declared here with its default and documented in
 * {@code config/streamrec.properties} (a test keeps the two in step).
 *
 * <p>Precedence, lowest first: built-in defaults, the config file, {@code STREAMREC_*} environment
 * variables, explicit overrides (command-line flags). Everything is validated at start-up; an unknown
 * key or a bad value stops the process with a message naming the key and where the value came from.
 *
 * <p>Longer than our other classes on purpose: the keys are one registry, read top to bottom by
 * section, and the generated file and docs/configuration.md follow its order.
 */
public final class StreamrecConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<ConfigKey> KEYS = new ArrayList<>();

    private static ConfigKey key(String name, String def, ConfigKey.Kind kind, long min, long max, String doc) {
        ConfigKey k = new ConfigKey(name, def, kind, min, max, doc, List.of());
        KEYS.add(k);
        return k;
    }

    private static ConfigKey choice(String name, String def, List<String> choices, String doc) {
        ConfigKey k = new ConfigKey(name, def, ConfigKey.Kind.CHOICE, 0, 0, doc + " One of: " + String.join(", ", choices) + ".",
                List.copyOf(choices));
        KEYS.add(k);
        return k;
    }

    private static ConfigKey dbl(String name, double def, double min, double max, String doc) {
        return key(name, Double.toString(def), ConfigKey.Kind.DOUBLE, (long) min, (long) max, doc);
    }

    private static ConfigKey str(String name, String def, String doc) {
        return key(name, def, ConfigKey.Kind.STRING, 1, 0, doc);
    }

    /** A string that may be empty. */
    private static ConfigKey optionalStr(String name, String def, String doc) {
        return key(name, def, ConfigKey.Kind.STRING, 0, 0, doc);
    }

    private static ConfigKey integer(String name, long def, long min, long max, String doc) {
        return key(name, Long.toString(def), ConfigKey.Kind.INT, min, max, doc);
    }

    private static ConfigKey longKey(String name, long def, long min, long max, String doc) {
        return key(name, Long.toString(def), ConfigKey.Kind.LONG, min, max, doc);
    }

    // --- Redis -------------------------------------------------------------------------------
    public static final ConfigKey REDIS_URL = str("redis.url", "redis://127.0.0.1:6379",
            "Redis to read and write: one server redis://[user:password@]host:port[/db]; a Redis Cluster "
                    + "redis-cluster://[user:password@]host:port,host:port,… (seed nodes); a Sentinel-watched master "
                    + "redis-sentinel://[user:password@]host:port,…/masterName[/db]. rediss, rediss-cluster and "
                    + "rediss-sentinel for TLS.");
    public static final ConfigKey REDIS_TIMEOUT_MS = integer("redis.timeout-ms", 2000, 10, 600_000,
            "Connect and socket timeout of Redis calls, milliseconds.");
    public static final ConfigKey REDIS_POOL_MAX_TOTAL = integer("redis.pool.max-total", 16, 1, 1024,
            "Most Redis connections one process opens.");
    public static final ConfigKey REDIS_POOL_MAX_WAIT_MS = integer("redis.pool.max-wait-ms", 500, 1, 60_000,
            "Longest wait for a free pooled connection before the call fails, milliseconds.");
    public static final ConfigKey REDIS_TLS_CA_FILE = optionalStr("redis.tls-ca-file", "",
            "PEM file of the certificate authority that signed Redis's TLS certificate (rediss:// URLs), for a "
                    + "private CA; the host name or address in redis.url must be in the certificate. Empty: the "
                    + "JVM's trusted authorities.");

    public static final ConfigKey REDIS_CHANGE_FEED_MAX_LEN = integer("redis.change-feed-max-len", 1_000_000, 1000,
            1_000_000_000, "About how many changes the item change feed (a Redis stream) keeps: the job "
                    + "announces the item vectors of one write (up to 64 items) in one entry and trims the stream to this "
                    + "÷ 64 entries, the API one catalogue change per entry; a reader that falls further behind reads "
                    + "everything again.");

    // --- Kafka -------------------------------------------------------------------------------
    public static final ConfigKey KAFKA_BOOTSTRAP = str("kafka.bootstrap", "127.0.0.1:9092",
            "Kafka bootstrap servers, host:port[,host:port…].");
    public static final ConfigKey KAFKA_TOPIC_EVENTS = str("kafka.topic.events", "events",
            "Topic the API writes accepted events to and the job reads.");
    public static final ConfigKey KAFKA_TOPIC_DLQ = str("kafka.topic.dlq", "events.dlq",
            "Dead-letter topic: records the job could not accept, with the reason.");
    public static final ConfigKey KAFKA_TOPIC_PARTITIONS = integer("kafka.topic.partitions", 4, 1, 10_000,
            "Partitions of the events topic when streamrec creates it (local stack, tests).");
    public static final ConfigKey KAFKA_CONSUMER_GROUP = str("kafka.consumer.group", "streamrec-learner",
            "Consumer group id of the Flink job's Kafka source.");
    public static final ConfigKey KAFKA_SECURITY_PROTOCOL = choice("kafka.security-protocol", "PLAINTEXT",
            List.of("PLAINTEXT", "SSL"), "How the API, the job and the local stack reach Kafka: PLAINTEXT (plain TCP) "
                    + "or SSL (TLS; the brokers' host names are checked against their certificates).");
    public static final ConfigKey KAFKA_TLS_CA_FILE = optionalStr("kafka.tls-ca-file", "",
            "PEM file of the certificate authority that signed the brokers' TLS certificates (with Strimzi: ca.crt "
                    + "of the <cluster>-cluster-ca-cert Secret). Empty: the JVM's trusted authorities. Needs "
                    + "kafka.security-protocol=SSL.");
    public static final ConfigKey KAFKA_TLS_KEYSTORE_FILE = optionalStr("kafka.tls-keystore-file", "",
            "PKCS12 file with the client's key and certificate, for brokers that require mutual TLS (with Strimzi: "
                    + "user.p12 of a KafkaUser with tls authentication). Empty: no client certificate.");
    public static final ConfigKey KAFKA_TLS_KEYSTORE_PASSWORD = optionalStr("kafka.tls-keystore-password", "",
            "Password of kafka.tls-keystore-file (with Strimzi: user.password). A secret: set it as "
                    + "STREAMREC_KAFKA_TLS_KEYSTORE_PASSWORD from a Kubernetes Secret, never in a file.");
    public static final ConfigKey KAFKA_DELIVERY_TIMEOUT_MS = integer("kafka.producer.delivery-timeout-ms", 15_000,
            1_000, 600_000, "How long the API tries to hand an event to Kafka before answering 503.");

    // --- Experiments -------------------------------------------------------------------------
    public static final ConfigKey EXPERIMENT_CLICK_WINDOW_MINUTES = integer("experiment.click-window-minutes", 60, 1,
            7 * 24 * 60, "How long after an impression (event time) a click with its recId counts for the variant.");
    public static final ConfigKey EXPERIMENT_CONVERSION_WINDOW_HOURS = integer("experiment.conversion-window-hours", 24,
            1, 90 * 24, "How long after an impression (event time) an add-to-cart or purchase with its recId counts.");
    public static final ConfigKey EXPERIMENT_MAX_IMPRESSIONS = integer("experiment.max-impressions", 200, 1, 100_000,
            "Impressions the job keeps per user for attribution (the oldest go first).");

    // --- API ---------------------------------------------------------------------------------
    public static final ConfigKey API_HOST = str("api.host", "0.0.0.0", "Address the API listens on.");
    public static final ConfigKey API_PORT = integer("api.port", 7070, 0, 65_535, "Port of the HTTP API (0 = any free port).");
    public static final ConfigKey API_TLS_KEYSTORE_FILE = optionalStr("api.tls-keystore-file", "",
            "PKCS12 file with the API's TLS key and certificate chain: api.host:api.port then serves HTTPS only. "
                    + "Empty: plain HTTP, for TLS terminated by an ingress or proxy in front (the usual set-up).");
    public static final ConfigKey API_TLS_KEYSTORE_PASSWORD = optionalStr("api.tls-keystore-password", "",
            "Password of api.tls-keystore-file. A secret: set it as STREAMREC_API_TLS_KEYSTORE_PASSWORD.");
    public static final ConfigKey API_MAX_BODY_BYTES = integer("api.max-body-bytes", 4 * 1024 * 1024, 1024,
            256L * 1024 * 1024, "Largest request body accepted; larger ones get 413.");
    public static final ConfigKey API_MAX_BATCH = integer("api.max-batch", 1000, 1, 100_000,
            "Most events in one POST /v1/events.");
    public static final ConfigKey API_DEFAULT_K = integer("api.default-k", 20, 1, 10_000,
            "Recommendations returned when the request gives no k.");
    public static final ConfigKey API_MAX_K = integer("api.max-k", 500, 1, 100_000, "Largest k a request may ask for.");
    public static final ConfigKey API_ITEM_SYNC_MS = integer("api.item-sync-ms", 50, 1, 60_000,
            "How often the API reads the item-vector change feed into its in-memory index, milliseconds.");
    public static final ConfigKey API_TRENDING_REFRESH_MS = integer("api.trending-refresh-ms", 30_000, 100,
            86_400_000, "How old a trending list the API holds may get before a background thread reads it from Redis "
            + "again, milliseconds (requests never wait for that read; trending lists change over an hour or a day).");
    public static final ConfigKey API_MAX_ITEMS = integer("api.max-items", 5_000_000, 1, 100_000_000,
            "Most item vectors the API holds in memory (about (d+1)×4 bytes each, rounded up to 32-byte rows).");
    public static final ConfigKey API_SCAN_QUANTIZE_MIN_ITEMS = integer("api.scan-quantize-min-items", 50_000, 0,
            100_000_000, "From this many item vectors on, the top-K scan first passes over an int8 copy of the vectors "
            + "(a quarter of the bytes; d rounded up to a multiple of 8, plus 12 bytes, more memory per item) and re-scores "
            + "its candidates exactly: the same results, faster on large catalogues (docs/benchmarks.md, serving). Below "
            + "it the float scan alone; 0 = always.");
    public static final ConfigKey API_SCAN_THREADS = integer("api.scan-threads", 0, 0, 1024,
            "Most threads one top-K scan is split over while the API has idle cores (a request over a large catalogue "
            + "then uses every core instead of one; under load each scan stays on its own thread). 0 = one per "
            + "processor the JVM sees; 1 = never split.");
    public static final ConfigKey API_SCAN_SPLIT_MIN_ITEMS = integer("api.scan-split-min-items", 50_000, 0,
            100_000_000, "The fewest item vectors a top-K scan must cover to be split over idle threads "
            + "(api.scan-threads): below it the hand-over costs more than it saves.");
    public static final ConfigKey API_ADMIN_KEYS = optionalStr("api.admin-keys", "",
            "Comma-separated API keys (X-API-Key, at least 16 characters each) that may change the catalogue, forget "
                    + "users, send events and read. Required: the API does not start without one.");
    public static final ConfigKey API_WRITE_KEYS = optionalStr("api.write-keys", "",
            "Comma-separated API keys that may send events (POST /v1/events) and read. Empty: only admin keys may.");
    public static final ConfigKey API_READ_KEYS = optionalStr("api.read-keys", "",
            "Comma-separated secret API keys that may read. Empty: reads of items, similar items and trending need no "
                    + "key (a user's recommendations still follow api.user-reads).");
    public static final ConfigKey API_USER_READS = choice("api.user-reads", "token", List.of("token", "open"),
            "Who may read a user's recommendations (and the reasons, which reveal the user's history): token = a "
                    + "secret key or a user token for that user (Authorization: Bearer); open = as any other read "
                    + "(installs from before user tokens; anyone who knows a user id sees what that user did).");
    public static final ConfigKey API_PUBLISHABLE_KEYS = optionalStr("api.publishable-keys", "",
            "Comma-separated publishable keys (at least 16 characters each), safe to ship in a web page or app: "
                    + "with a user token they send that user's events of api.publishable-event-types and read that "
                    + "user's recommendations; they mint anonymous ids (POST /v1/anonymous). Need api.token-keys.");
    public static final ConfigKey API_PUBLISHABLE_EVENT_TYPES = str("api.publishable-event-types",
            "view,click,favorite,add_to_cart,remove_from_cart,impression",
            "Comma-separated event types a publishable key may send; others (purchases, ratings) come from the "
                    + "shop's backend with a secret write key.");
    public static final ConfigKey API_PUBLISHABLE_RATE_LIMIT = integer("api.publishable-rate-limit", 500, 1, 10_000_000,
            "Requests per second one publishable key may make on one API process (bursts up to the same number); "
                    + "beyond it 429 with Retry-After.");
    public static final ConfigKey API_KEY_RATE_LIMIT = integer("api.key-rate-limit", 0, 0, 10_000_000,
            "Requests per second one secret API key may make on one API process (bursts up to the same number); "
                    + "beyond it 429 with Retry-After. 0: no limit.");
    public static final ConfigKey API_IP_RATE_LIMIT = integer("api.ip-rate-limit", 0, 0, 10_000_000,
            "Requests per second one client address may make on one API process, whatever its key (bursts up to "
                    + "the same number); beyond it 429 with Retry-After. 0: no limit. Behind a proxy, set "
                    + "api.client-ip-header, else every request comes from the proxy.");
    public static final ConfigKey API_CLIENT_IP_HEADER = optionalStr("api.client-ip-header", "",
            "Header whose first address is the client's (e.g. X-Forwarded-For), for api.ip-rate-limit behind a "
                    + "proxy that sets it. Empty: the connection's address. Only set it behind such a proxy: "
                    + "clients can write the header themselves.");
    public static final ConfigKey API_MAX_CONCURRENT_READS = integer("api.max-concurrent-reads", 0, 0, 100_000,
            "Most recommendation and similar-item requests (the ones that scan the item vectors) one API process "
                    + "works on at once; others wait up to api.read-queue-ms, then get 503 with Retry-After, so "
                    + "that heavy reads cannot starve event ingestion. 0: twice the available cores.");
    public static final ConfigKey API_READ_QUEUE_MS = integer("api.read-queue-ms", 200, 0, 60_000,
            "How long a read waits for one of api.max-concurrent-reads before it is refused, milliseconds.");
    public static final ConfigKey API_IDLE_TIMEOUT_MS = integer("api.idle-timeout-ms", 30_000, 100, 3_600_000,
            "A connection that sends nothing for this long is closed (a client trickling a request byte by byte "
                    + "cannot hold a thread), milliseconds.");
    public static final ConfigKey API_ALLOWED_ORIGINS = optionalStr("api.allowed-origins", "",
            "Comma-separated browser origins (scheme://host[:port]) that get CORS headers, and the only origins a "
                    + "publishable key is accepted from when the request names one. Empty: no CORS.");
    public static final ConfigKey API_TOKEN_KEYS = optionalStr("api.token-keys", "",
            "Comma-separated kid:secret pairs (kid of 1-32 letters, digits, '-' or '_'; secret at least 32 "
                    + "characters) that user tokens are signed with (HMAC-SHA256). Every pair verifies; the first "
                    + "also signs the API's own tokens (anonymous ids, the demo). Rotate by adding the new pair "
                    + "first, then removing the old one after api.token-max-ttl-seconds.");
    public static final ConfigKey API_TOKEN_MAX_TTL_SECONDS = integer("api.token-max-ttl-seconds", 86_400, 60,
            31_536_000, "Longest a user token may be valid: tokens expiring later than this from now are refused; "
                    + "the API's own tokens are valid this long.");
    public static final ConfigKey API_DEMO = key("api.demo", "false", ConfigKey.Kind.BOOLEAN, 0, 0,
            "Serve the demo storefront at /demo with POST /demo/token, which mints a user token for any user id. "
                    + "Local demo only: never in production.");

    // --- Operator console ------------------------------------------------------------------------
    public static final ConfigKey CONSOLE_FLINK_REST_URL = optionalStr("console.flink-rest-url", "",
            "Base URL of the Flink JobManager's REST API (e.g. http://flink-jobmanager:8081) that the API reads the "
                    + "learning job's metrics from for GET /v1/ops/stats and the console at /console. Empty: the job's "
                    + "plots say \"job metrics not connected\"; the API's own figures are kept either way.");
    public static final ConfigKey CONSOLE_SAMPLE_SECONDS = integer("console.sample-seconds", 5, 1, 3600,
            "Seconds between two samples of the operator figures (GET /v1/ops/stats).");
    public static final ConfigKey CONSOLE_HISTORY_SAMPLES = integer("console.history-samples", 720, 2, 100_000,
            "Samples each API process keeps in memory, so that a console opened now shows the recent past.");

    // --- Privacy --------------------------------------------------------------------------------
    public static final ConfigKey PRIVACY_USER_ID_HMAC_KEY = optionalStr("privacy.user-id-hmac-key", "",
            "A secret of at least 32 characters: the API stores every user id as its HMAC-SHA256 under this key "
                    + "(p-…) in Kafka, the job's state and Redis, and maps ids the same way on every read and on "
                    + "forget-user, so no raw id is kept. Changing it starts every user afresh (their stored history "
                    + "stays under the old pseudonyms until it expires). Empty: ids are stored as they are.");

    // --- Dynamic interests and ranking ------------------------------------------------------------
    public static final ConfigKey INTEREST_SHORT_HALF_LIFE_MINUTES = dbl("interest.short-half-life-minutes", 30, 0, 1_000_000,
            "Half-life of a user's short-term (session) interest in a category, minutes of event time.");
    public static final ConfigKey INTEREST_LONG_HALF_LIFE_DAYS = dbl("interest.long-half-life-days", 14, 0, 100_000,
            "Half-life of a user's long-term interest in a category, days of event time.");
    public static final ConfigKey INTEREST_MAX_CATEGORIES = integer("interest.max-categories", 20, 1, 10_000,
            "Categories kept per user; beyond that the one with the weakest long-term interest is dropped.");
    public static final ConfigKey INTEREST_CATALOG_POLL_MS = integer("interest.catalog-poll-ms", 1000, 0, 3_600_000,
            "How often the job reads catalogue changes (categories of events that name none), milliseconds; 0 = never.");
    public static final ConfigKey EXPLORE_FEEDBACK_HALF_LIFE_DAYS = dbl("explore.feedback-half-life-days", 7, 0, 100_000,
            "Half-life of the impression/click counts per category that exploration samples from, days of event time.");
    public static final ConfigKey RANK_CANDIDATES = integer("rank.candidates", 200, 1, 100_000,
            "Candidates taken from the model's scan before blending and re-ranking.");
    public static final ConfigKey RANK_MODEL_WEIGHT = dbl("rank.model-weight", 0.7, 0, 100,
            "Blend weight of the model score for a user with a long history (see rank.history-events).");
    public static final ConfigKey RANK_LONG_WEIGHT = dbl("rank.long-weight", 0.02, 0, 100,
            "Blend weight of the user's long-term interest in the item's category.");
    public static final ConfigKey RANK_TRENDING_WEIGHT = dbl("rank.trending-weight", 0.02, 0, 100,
            "Blend weight of the item's trending score.");
    public static final ConfigKey RANK_SHORT_SHARE = dbl("rank.short-share", 0.2, 0, 1,
            "Largest share of the blend the short-term interest takes when the user's session is hot.");
    public static final ConfigKey RANK_HISTORY_EVENTS = dbl("rank.history-events", 5, 0, 1_000_000,
            "Events after which the model has half its full weight (users with little history lean on interest and trending).");
    public static final ConfigKey RANK_INTENSITY_EVENTS = dbl("rank.intensity-events", 3, 0, 1_000_000,
            "Recent weighted events (short-term weight) at which the session counts as half hot.");
    public static final ConfigKey RANK_EXPLORE_NEW = dbl("rank.explore-new", 0.05, 0, 1,
            "Share of the list given to exploration for a user without history.");
    public static final ConfigKey RANK_EXPLORE_ESTABLISHED = dbl("rank.explore-established", 0.0, 0, 1,
            "Share of the list given to exploration for a user with a long history.");
    public static final ConfigKey RANK_MMR_LAMBDA = dbl("rank.mmr-lambda", 0.97, 0, 1,
            "MMR diversity trade-off: 1 = by score only, lower = more diverse lists.");
    public static final ConfigKey RANK_BLEND = choice("rank.blend", "learned", List.of("learned", "hand-set"),
            "How the API weighs the parts of a candidate's score (model, interests, trending, co-occurrence, content): "
                    + "learned (each part times the weight the job learned for the user's history x the item's evidence "
                    + "from what users took from the lists served to them; all 1, the hand-set blend, until it has "
                    + "learned; docs/model.md) or hand-set (the rank.* weights alone). Served lists are published and "
                    + "learned from either way.");
    public static final ConfigKey RANK_BLEND_REFRESH_MS = integer("rank.blend-refresh-ms", 2000, 100, 600_000,
            "How often the API reads the learned blend weights from Redis, in the background (no request waits on it).");
    public static final ConfigKey RANK_ITEM_EVIDENCE = dbl("rank.item-evidence", 0, 0, 1_000_000,
            "k of the item-side confidence u/(u+k) for an item whose vector had u updates: its model score is shrunk "
                    + "towards its category's mean score among the request's candidates by 1 - u/(u+k) (0 = off: the "
                    + "learned blend's item-evidence segments already weigh barely-seen items; on Online Retail it "
                    + "changed recall@20 by under 1 %, docs/benchmarks.md).");
    public static final ConfigKey RANK_BLEND_RUNNERS_UP = integer("rank.blend-runners-up", 40, 0, 400,
            "How many of the best candidates below a list its served list carries besides the items shown (with their "
                    + "parts, about 100 bytes each): a user taking one of them tells the blend what it should have "
                    + "ranked higher; 0 learns only from the items shown (docs/benchmarks.md, issue 25).");
    public static final ConfigKey BLEND_FEEDBACK_WINDOW_MINUTES = integer("model.blend.feedback-window-minutes", 60, 1,
            10_080, "How long a served list waits for the user's next positive event, the feedback the blend's weights "
                    + "learn from; a list not answered in that time is dropped.");
    public static final ConfigKey BLEND_PUBLISH_INTERVAL_MS = integer("model.blend.publish-interval-ms", 1000, 10,
            3_600_000, "Shortest time between two publications of the learned blend weights to Redis.");

    // --- Flink job ---------------------------------------------------------------------------
    public static final ConfigKey FLINK_PARALLELISM = integer("flink.parallelism", 2, 1, 4096,
            "Parallelism of the learning job in the local MiniCluster (./recsys demo --local runs, tests). On a cluster "
                    + "the submitter and the cluster decide (flink run -p, the parallelism of POST /jars/:id/run, the "
                    + "cluster's parallelism.default); this key is not applied there.");
    public static final ConfigKey FLINK_MAX_PARALLELISM = integer("flink.max-parallelism", 128, 1, 32_768,
            "Maximum parallelism of the learning job: the number of key groups its keyed state is split into, so the "
                    + "highest parallelism it can ever be rescaled to. Fixed for the life of the job's state: a savepoint "
                    + "cannot be restored with another value.");
    public static final ConfigKey FLINK_STATE_BACKEND = choice("flink.state-backend", "rocksdb", List.of("rocksdb", "hashmap"),
            "State backend of the job's keyed state: rocksdb (on disk, incremental checkpoints: users and items are "
                    + "unbounded) or hashmap (on the heap, full checkpoints, for a job whose users and items fit in memory; "
                    + "about as cheap per event as rocksdb and without its pauses at checkpoints, docs/operations.md). On a cluster only a default: the cluster's "
                    + "state.backend.type wins.");
    public static final ConfigKey FLINK_STATE_CACHE = integer("flink.state-cache", 100_000, 0, 100_000_000,
            "Keys whose keyed state each instance of user-learner (all of a user: vector, recent items, basket), item-learner, "
                    + "trending and cooccurrence keeps on the "
                    + "heap (those not read again longest out first, by CLOCK; a user a few KB, an item about 600 bytes at d=64), written back "
                    + "to the state backend on eviction, when more than flink.state-cache-waiting of them wait, and before "
                    + "every checkpoint barrier (0 = read and write the backend per record). On the heap backend the caches "
                    + "are always off: it keeps the objects itself, and a cache would only add copies (docs/operations.md).");
    public static final ConfigKey FLINK_STATE_CACHE_WAITING = integer("flink.state-cache-waiting", 2_000, 1, 100_000_000,
            "Most changed values of flink.state-cache that wait on the heap for the next checkpoint barrier per operator "
                    + "instance; beyond that the longest-changed are written to the state backend at once. Larger: fewer "
                    + "state-backend writes per event (a hot item is written once per checkpoint instead of once per "
                    + "update), but a longer write-back before each barrier, which holds up the task.");
    public static final ConfigKey FLINK_STATE_CACHE_WAITING_ITEMS = integer("flink.state-cache-waiting-items", 25_000, 1,
            100_000_000, "flink.state-cache-waiting for the operators keyed by item (item learner, co-occurrence, trending): "
                    + "items are fewer and hotter than users (a popular item changes many times per checkpoint interval), so "
                    + "letting an instance's items wait saves a state-backend write per update at the price of writing them "
                    + "at the barrier (what the learn benchmark measured: docs/benchmarks.md).");
    public static final ConfigKey FLINK_WEB_PORT = integer("flink.web.port", 8081, 0, 65_535,
            "Port of the Flink web dashboard of the local MiniCluster (./recsys demo).");
    public static final ConfigKey FLINK_CHECKPOINT_INTERVAL_MS = longKey("flink.checkpoint.interval-ms", 10_000, 100,
            86_400_000, "Checkpoint interval, milliseconds. On a cluster only a default: the cluster's or the "
                    + "submission's execution.checkpointing.interval wins.");
    public static final ConfigKey FLINK_CHECKPOINT_DIR = str("flink.checkpoint.dir", "var/checkpoints",
            "Where checkpoints go (a path or a URI such as s3://bucket/path). On a cluster only a default: the "
                    + "cluster's execution.checkpointing.dir wins; where the cluster sets none this must be a URI or an "
                    + "absolute path every JobManager and TaskManager reaches (shared, durable storage).");
    public static final ConfigKey FLINK_OUT_OF_ORDERNESS_MS = longKey("flink.watermark.out-of-orderness-ms", 5_000, 0,
            86_400_000, "Bounded out-of-orderness of event-time watermarks, milliseconds.");
    public static final ConfigKey FLINK_IDLENESS_MS = longKey("flink.watermark.idleness-ms", 30_000, 0, 86_400_000,
            "A Kafka partition without events for this long stops holding back the watermark (0 = never).");
    public static final ConfigKey SINK_REDIS_BATCH_SIZE = integer("sink.redis.batch-size", 500, 1, 100_000,
            "Most buffered Redis writes before the sink flushes one pipeline.");
    public static final ConfigKey SINK_REDIS_FLUSH_INTERVAL_MS = integer("sink.redis.flush-interval-ms", 50, 1, 60_000,
            "Longest time a write waits in the sink buffer, milliseconds.");

    // --- model: recent interest (the job's first model) -----------------------------------------
    public static final ConfigKey RECENT_HALF_LIFE_HOURS = key("model.recent.half-life-hours", "168",
            ConfigKey.Kind.DOUBLE, 0, 1_000_000, "Half-life of a user's interaction weights in event time, hours.");
    public static final ConfigKey RECENT_MAX_ITEMS = integer("model.recent.max-items", 100, 1, 10_000,
            "Items kept per user in the recent-interest state.");
    public static final ConfigKey RECENT_TTL_DAYS = integer("model.recent.ttl-days", 90, 0, 36_500,
            "Redis keys of a user expire this many days after the user's last event, and the job drops its state of the "
                    + "user (vector, recent items, basket) as long after it (0 = never).");

    // --- model: buy again (per-user re-purchase cycles) -----------------------------------------
    public static final ConfigKey REBUY_MAX_ITEMS = integer("model.rebuy.max-items", 200, 1, 10_000,
            "Bought items whose re-purchase cycle is kept per user; beyond that the item with the weakest decayed "
                    + "purchase frequency is dropped.");
    public static final ConfigKey REBUY_HALF_LIFE_DAYS = dbl("model.rebuy.half-life-days", 90, 0, 100_000,
            "Half-life of a user's purchase frequency of an item, days of event time.");
    public static final ConfigKey REBUY_INTERVAL_WEIGHT = dbl("model.rebuy.interval-weight", 0.3, 0, 1,
            "Weight of the newest gap between two purchases in the item's typical re-purchase interval (an "
                    + "exponentially weighted mean; 1 = the latest gap only).");
    public static final ConfigKey REBUY_SAME_ORDER_MINUTES = dbl("model.rebuy.same-order-minutes", 60, 0, 1_000_000,
            "Purchases of the same item this close together count as one order, not as a re-purchase, minutes.");
    public static final ConfigKey REBUY_DUE_BOOST = dbl("model.rebuy.due-boost", 1, 0, 1000,
            "How much more an item counts when its typical interval has just elapsed (due) than its frequency alone.");
    public static final ConfigKey REBUY_CANCEL_WEIGHT = dbl("model.rebuy.cancel-weight", 0.5, 0, 1,
            "Share of one order's evidence that a cancelled purchase takes back (1: the order never happened; "
                    + "less where cancelled lines are mostly corrections ordered again). An item whose evidence falls "
                    + "to zero leaves the buy-again list.");
    public static final ConfigKey RANK_REPEAT_SHARE = dbl("rank.repeat-share", 1.0, 0, 1,
            "Largest share of a recommendation list that include=repeats gives to the user's buy-again items (1: "
                    + "as many as the user has, the ranking fills the rest; lower it to keep room for discovery).");

    // --- co-occurrence ("bought together", learned from baskets) ------------------------------------
    public static final ConfigKey COOC_EVENTS = choice("model.cooc.events", "positive", List.of("purchases", "positive"),
            "Which events fill a user's basket for co-occurrence: positive (every positive interaction: views, clicks, "
                    + "carts and purchases, so items viewed in the same session become neighbours; on marketplace-kind "
                    + "data, mostly views, it is what lifts the served ranking above popularity, docs/benchmarks.md; it "
                    + "makes pairs for every view, so it costs the job more per event where views are many) or purchases "
                    + "(\"bought together\" only).");
    public static final ConfigKey COOC_HALF_LIFE_DAYS = dbl("model.cooc.half-life-days", 60, 0.001, 100_000,
            "Half-life of the item-to-item co-occurrence counts, days of event time.");
    public static final ConfigKey COOC_MAX_NEIGHBOURS = integer("model.cooc.max-neighbours", 50, 1, 1000,
            "Co-occurring items kept and published per item; past it a new one replaces the weakest.");
    public static final ConfigKey COOC_MAX_PARTNERS = integer("model.cooc.max-partners", 30, 1, 1000,
            "Items of the open basket (the latest) an item new to it is paired with: the pairs one event makes.");
    public static final ConfigKey COOC_VIEW_PARTNERS = integer("model.cooc.view-partners", 5, 1, 1000,
            "With model.cooc.events positive: items of the open basket (the latest) a view, click or cart pairs with "
                    + "(purchases pair with model.cooc.max-partners): a long browsing session would otherwise make "
                    + "pairs of everything it touched, at a cost per event many times the purchases' (docs/benchmarks.md).");
    public static final ConfigKey COOC_BASKET_GAP_MINUTES = dbl("model.cooc.basket-gap-minutes", 30, 0, 1_000_000,
            "A longer gap between two of a user's purchases closes the basket, minutes of event time.");
    public static final ConfigKey COOC_SHRINK = dbl("model.cooc.shrink", 2, 0, 1_000_000,
            "Added to an item's basket count in the share of its baskets a neighbour was in: shrinks the shares "
                    + "of items seen in few baskets.");
    public static final ConfigKey COOC_PUBLISH_INTERVAL_MS = integer("model.cooc.publish-interval-ms", 5000, 0, 3_600_000,
            "How long after its first change since it was last published the job publishes an item's neighbour list, "
                    + "milliseconds of processing time (each item on its own clock): a hot item's list goes to Redis once per "
                    + "interval, not after every pair; the items waiting are checkpointed (a barrier sends nothing to Redis), all "
                    + "published at the end of input (0 = after every change).");
    public static final ConfigKey RANK_COOCCURRENCE_SHARE = dbl("rank.cooccurrence-share", 0.3, 0, 1,
            "Share of a candidate's score that co-occurrence with the user's recent items takes (0 = off).");
    public static final ConfigKey RANK_CONTENT_SHARE = dbl("rank.content-share", 0.5, 0, 1,
            "Share of a candidate's score that its text's similarity to the user's recent items' texts takes for a user "
                    + "without history; it falls as n/(n+rank.history-events) grows (0 = off; docs/content.md).");

    // --- content (item text embeddings) ------------------------------------------------------
    public static final ConfigKey CONTENT_ENABLED = key("content.enabled", "true", ConfigKey.Kind.BOOLEAN, 0, 0,
            "Embed the catalogue's item texts (title and description) after each catalogue write, for text similarity "
                    + "and new items' starting vectors (docs/content.md).");
    public static final ConfigKey CONTENT_MODEL = str("content.model", "all-minilm-l6-v2-q",
            "Sentence-embedding model for item texts, run in process on the CPU from its jar: all-minilm-l6-v2-q "
                    + "(English, 384 dims, shipped), or the class name of another langchain4j in-process embedding "
                    + "model whose artifact is on the class path.");
    public static final ConfigKey CONTENT_QUEUE_MAX = integer("content.queue-max", 100_000, 1, 10_000_000,
            "Catalogue items waiting to be embedded; beyond it, written items are not embedded (metric "
                    + "streamrec_content_dropped) and writes never wait.");
    public static final ConfigKey CONTENT_MAX_ITEMS = integer("content.max-items", 2_000_000, 1, 100_000_000,
            "Most item text vectors the API holds in memory (about 1.6 KB each at 384 dims).");
    public static final ConfigKey CONTENT_SIMILAR_MIN_EVENTS = integer("content.similar-min-events", 5, 0, 1_000_000,
            "GET /v1/items/{id}/similar answers from text similarity (by=auto) while the model has learned the item "
                    + "from fewer events than this.");
    public static final ConfigKey CONTENT_START_NEIGHBOURS = integer("content.start-neighbours", 10, 0, 1000,
            "A new item starts at the similarity-weighted mean of the learned vectors of this many nearest items in "
                    + "text space (0 = category centroid only).");
    public static final ConfigKey CONTENT_START_RELOAD_MS = integer("content.start-reload-ms", 60_000, 0, 86_400_000,
            "How often the job's user learner reads the item text vectors from Redis again (0 = only at start): one "
                    + "background thread per TaskManager process builds the new copy and swaps it in.");
    public static final ConfigKey CONTENT_START_MIN_SIMILARITY = dbl("content.start-min-similarity", 0.5, 0, 1,
            "Text neighbours less similar than this (cosine) do not count towards a new item's start.");

    // --- trending ----------------------------------------------------------------------------
    public static final ConfigKey TRENDING_SHORT_HALF_LIFE_MINUTES = dbl("trending.short-half-life-minutes", 60, 0, 1_000_000,
            "Half-life of the short trending window (published as \"1h\"), minutes of event time.");
    public static final ConfigKey TRENDING_LONG_HALF_LIFE_MINUTES = dbl("trending.long-half-life-minutes", 1440, 0, 10_000_000,
            "Half-life of the long trending window (published as \"24h\"), minutes of event time.");
    public static final ConfigKey TRENDING_PUBLISH_INTERVAL_MS = integer("trending.publish-interval-ms", 30_000, 0, 3_600_000,
            "How long after its first change since it was last written the job writes an item's trending scores, "
                    + "milliseconds of processing time (each item on its own clock): a hot item's scores go to Redis once per "
                    + "interval, not after every event; the items waiting are checkpointed (a barrier sends nothing to Redis), "
                    + "all published at the end of input (0 = after every event). As long as api.trending-refresh-ms: the API "
                    + "reads the lists that often, and the windows are an hour and a day long.");

    // --- model: online matrix factorisation ---------------------------------------------------
    public static final ConfigKey MF_DIM = integer("model.mf.dim", 64, 1, 1024, "Factor dimension d of user and item vectors.");
    public static final ConfigKey MF_LEARNING_RATE = dbl("model.mf.learning-rate", 1.0, 0, 10,
            "Base SGD step size; AdaGrad scales it down per vector as its gradients accumulate.");
    public static final ConfigKey MF_L2 = dbl("model.mf.l2", 0.01, 0, 10, "L2 regularisation of the factors.");
    public static final ConfigKey MF_NEGATIVES = integer("model.mf.negatives", 8, 0, 100,
            "Sampled negatives per positive event (drawn from recent interactions, see negative-popularity-share).");
    public static final ConfigKey MF_LOSS = choice("model.mf.loss", "pointwise", List.of("pointwise", "bpr"),
            "Training objective: weighted logistic loss per item, or pairwise BPR.");
    public static final ConfigKey MF_MAX_NORM = dbl("model.mf.max-norm", 5, 0, 1000,
            "Factor vectors are scaled back to this norm after each step.");
    public static final ConfigKey MF_MAX_GRAD_NORM = dbl("model.mf.max-grad-norm", 5, 0, 1000,
            "Gradients are clipped to this norm before each step.");
    public static final ConfigKey MF_INIT_STD = dbl("model.mf.init-std", 0.1, 0, 10,
            "Standard deviation of the random start of an item vector (seeded by the item id).");
    public static final ConfigKey MF_FOLD_IN_EVENTS = integer("model.mf.fold-in-events", 0, 0, 1000,
            "A user's first events place the long-term vector by least-squares fold-in over the items touched "
                    + "(the query's context already folds in the latest items at the first event).");
    public static final ConfigKey MF_NEGATIVE_WEIGHT = dbl("model.mf.negative-weight", 1, 0, 100,
            "Weight of a sampled negative relative to a positive of weight 1.");
    public static final ConfigKey MF_SAMPLER_SIZE = integer("model.mf.sampler-size", 20_000, 1, 10_000_000,
            "Recent positive interactions the negative sampler draws from, per parallel instance.");
    public static final ConfigKey MF_CONTEXT_LENGTH = integer("model.mf.context-length", 3, 0, 100,
            "How many of a user's latest items form the sequential context of the query (0 = plain MF).");
    public static final ConfigKey MF_CONTEXT_DECAY = dbl("model.mf.context-decay", 0.3, 0, 1,
            "Weight of each older context item relative to the next newer one.");
    public static final ConfigKey MF_NEGATIVE_POPULARITY_SHARE = dbl("model.mf.negative-popularity-share", 0.0, 0, 1,
            "Share of negatives drawn by recent popularity; the rest uniformly from recently active items.");
    public static final ConfigKey MF_ITEM_CACHE_MAX = integer("model.mf.item-cache-max", 500_000, 1, 100_000_000,
            "Most item vectors the user side keeps in its cache of published item vectors.");
    public static final ConfigKey MF_ITEM_FEED_POLL_MS = integer("model.mf.item-feed-poll-ms", 50, 0, 60_000,
            "How often the user side reads the item-vector change feed from Redis, milliseconds: one background thread "
                    + "per TaskManager process, so no task waits for Redis on its behalf (0 = never: the user side then "
                    + "scores with id-seeded item starts only; for isolated tests).");
    public static final ConfigKey MF_BUNDLE_EVENTS = integer("model.mf.bundle-events", 256, 1, 1_000_000,
            "Events per gradient bundle of a user-learner instance: their item gradients are summed per item, so an item "
                    + "owner does one update and one Redis write per item per bundle (1 = one update per event and item). "
                    + "Basket-pairs instances bundle as many events: an item's co-occurrence counts of a bundle go out as one "
                    + "message, applied in the order they were made (the same counts as one by one).");
    public static final ConfigKey MF_BUNDLE_MS = integer("model.mf.bundle-ms", 20, 0, 60_000,
            "Longest time a gradient bundle (and a bundle of co-occurrence counts) stays open, milliseconds of processing "
                    + "time: bounds the extra staleness of item vectors when events come slowly (0 = bundles close on size only; "
                    + "bundles of counts also close before every checkpoint barrier).");
    public static final ConfigKey MF_BUNDLE_NEGATIVES = integer("model.mf.bundle-negatives", 0, 0, 100_000,
            "Items in a bundle's shared negative sample, from which each event of the bundle picks its model.mf.negatives "
                    + "negatives, so negative updates aggregate (0 = fresh negatives per event: better recall, docs/benchmarks.md).");
    public static final ConfigKey MF_PUBLISH_DRIFT = dbl("model.mf.publish-drift", 1.0, 0, 10,
            "An item's vectors go to Redis (and to every learner's item cache) at once when they moved by this share of their "
                    + "norm since they were last published, summed over updates (0 = after every update); smaller moves wait for "
                    + "model.mf.publish-delay-ms. Higher: fewer Redis writes and read-backs per event, small moves visible later "
                    + "(docs/model.md).");
    public static final ConfigKey MF_PUBLISH_DELAY_MS = integer("model.mf.publish-delay-ms", 5000, 0, 3_600_000,
            "How long after its first move below model.mf.publish-drift an item learner publishes an item, milliseconds "
                    + "of processing time (each item on its own clock, so publications spread over time); the items waiting are "
                    + "checkpointed, not published at the barrier, and all published at the end of input (0 = they wait for the "
                    + "next checkpoint barrier and go out before it). Shorter: small moves visible sooner, at a Redis write and a "
                    + "read-back by every TaskManager's cache per item touched in the interval.");
    public static final ConfigKey MF_EVAL_SAMPLE = dbl("model.mf.eval-sample", 0.01, 0, 1,
            "Share of events evaluated prequentially (top-20 ranked before learning from the event).");
    public static final ConfigKey MF_EVAL_MAX_PER_SECOND = integer("model.mf.eval-max-per-second", 10, 0, 1_000_000,
            "Most prequential evaluations per second of processing time per user-learner instance (0 = no limit): each "
                    + "ranks the whole item cache, about as costly as a few hundred learning steps, so under load the "
                    + "model.mf.eval-sample share is cut to this many a second and the recall metric's cost stays fixed.");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private StreamrecConfig(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    public static List<ConfigKey> keys() {
        return Collections.unmodifiableList(KEYS);
    }

    public static ConfigKey keyNamed(String name) {
        for (ConfigKey k : KEYS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** Defaults only. */
    public static StreamrecConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Loads the config: {@code file} (may be null), then {@code env} ({@code STREAMREC_*}), then
     * {@code overrides} (by key name). Throws {@link ConfigException} listing every problem found.
     */
    public static StreamrecConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConfigKey k : KEYS) {
            values.put(k.name(), k.defaultValue());
            sources.put(k.name(), "default");
        }
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException(List.of("cannot read config file " + file + ": " + e.getMessage()));
            }
            apply(p, "config file " + file, values, sources, problems);
        }
        for (ConfigKey k : KEYS) {
            String v = env.get(k.envName());
            if (v != null) {
                values.put(k.name(), v.trim());
                sources.put(k.name(), "environment variable " + k.envName());
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith("STREAMREC_") && KEYS.stream().noneMatch(k -> k.envName().equals(name))
                    && !NON_CONFIG_ENV.contains(name)) {
                problems.add("unknown environment variable " + name + " (no config key maps to it)");
            }
        }
        overrides.forEach((name, v) -> {
            if (keyNamed(name) == null) {
                problems.add("unknown config key '" + name + "' given on the command line");
            } else {
                values.put(name, v.trim());
                sources.put(name, "command line");
            }
        });
        for (ConfigKey k : KEYS) {
            String err = k.validate(values.get(k.name()));
            if (err != null) {
                problems.add(k.name() + " (from " + sources.get(k.name()) + "): " + err);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StreamrecConfig(values, sources);
    }

    /**
     * This configuration with {@code overrides} (by key name) on top, each validated like any value
     * (an experiment's variant, for example). Throws {@link ConfigException} naming every bad key.
     */
    public StreamrecConfig withOverrides(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> src = new LinkedHashMap<>(sources);
        List<String> problems = new ArrayList<>();
        overrides.forEach((name, raw) -> {
            ConfigKey k = keyNamed(name);
            String value = raw == null ? "" : raw.trim();
            String err = k == null ? "unknown config key" : k.validate(value);
            if (err != null) {
                problems.add(name + ": " + err);
            } else {
                v.put(name, value);
                src.put(name, "override");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StreamrecConfig(v, src);
    }

    /** Environment variables with the STREAMREC_ prefix that are not configuration keys (files, directories, the JVMs of the API and the local job). */
    static final List<String> NON_CONFIG_ENV = List.of("STREAMREC_CONFIG", "STREAMREC_HOME",
            "STREAMREC_VAR_DIR", "STREAMREC_API_HEAP", "STREAMREC_API_JAVA_OPTS",
            "STREAMREC_FLINK_HEAP", "STREAMREC_FLINK_JAVA_OPTS");

    /**
     * The usual start-up: the file named by {@code STREAMREC_CONFIG}, else {@code config/streamrec.properties}
     * when it exists, then the process environment.
     */
    public static StreamrecConfig fromEnvironment(Map<String, String> overrides) {
        Map<String, String> env = System.getenv();
        Path file = null;
        if (env.containsKey("STREAMREC_CONFIG")) {
            file = Path.of(env.get("STREAMREC_CONFIG"));
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(List.of("STREAMREC_CONFIG names " + file + ", which is not a file"));
            }
        } else if (Files.isRegularFile(Path.of("config/streamrec.properties"))) {
            file = Path.of("config/streamrec.properties");
        }
        return load(file, env, overrides);
    }

    private static void apply(Properties p, String source, Map<String, String> values, Map<String, String> sources,
                              List<String> problems) {
        for (String name : p.stringPropertyNames()) {
            if (keyNamed(name) == null) {
                problems.add("unknown key '" + name + "' in " + source);
                continue;
            }
            values.put(name, p.getProperty(name).trim());
            sources.put(name, source);
        }
    }

    public String getString(ConfigKey k) {
        return values.get(k.name());
    }

    public int getInt(ConfigKey k) {
        return Integer.parseInt(values.get(k.name()));
    }

    public long getLong(ConfigKey k) {
        return Long.parseLong(values.get(k.name()));
    }

    public double getDouble(ConfigKey k) {
        return Double.parseDouble(values.get(k.name()));
    }

    public boolean getBoolean(ConfigKey k) {
        return Boolean.parseBoolean(values.get(k.name()));
    }

    /** Where a key's value came from, for start-up logs. */
    public String sourceOf(ConfigKey k) {
        return sources.get(k.name());
    }

    /** Every key with its value and source, one per line (for start-up logs). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (ConfigKey k : KEYS) {
            b.append("  ").append(k.name()).append(" = ").append(masked(k.name(), values.get(k.name())))
                    .append("  (").append(sources.get(k.name())).append(")\n");
        }
        return b.toString();
    }

    /** Secrets (API keys, passwords, a password in the Redis URL) are never logged. */
    static String masked(String key, String value) {
        if (key.endsWith("-keys")) {
            int n = value.isBlank() ? 0 : value.split(",").length;
            return n == 0 ? "" : "<" + n + " key" + (n == 1 ? "" : "s") + ">";
        }
        if (key.endsWith("-key") || key.endsWith("-password")) {
            return value.isBlank() ? "" : "<set>";
        }
        return io.streamrec.core.redis.RedisUrl.withoutPassword(value);
    }

    /** Invalid configuration: the message lists every problem, one per line. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("invalid streamrec configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}

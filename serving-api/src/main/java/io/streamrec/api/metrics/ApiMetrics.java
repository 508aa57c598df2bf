package io.streamrec.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The API's Prometheus metrics: JVM, HTTP requests per route and status, event ingestion, the item feed.
 * Every metric has HELP text and follows Prometheus' naming rules (PromtoolMetricsTest runs
 * {@code promtool check metrics} on the exposition).
 */
public final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted;
    private final Counter rejected;
    private final Counter publishFailures;
    private final Timer feedLag;
    /**
     * Micrometer keeps the object behind a function counter only weakly; the suppliers passed in are
     * lambdas nothing else holds, which GC would take (the counter then reads 0), so they are kept here.
     */
    private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ApiMetrics() {
        registry.config().meterFilter(PROMETHEUS_NAMES);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu.seconds", os, o -> o.getProcessCpuTime() / 1e9)
                    .description("CPU time used by the API's process, in seconds").register(registry);
        }
        accepted = Counter.builder("streamrec_events_accepted").description("events stored in Kafka").register(registry);
        rejected = Counter.builder("streamrec_events_rejected").description("events rejected by validation")
                .register(registry);
        publishFailures = Counter.builder("streamrec_events_publish_failed")
                .description("valid events Kafka did not store (answered 503)").register(registry);
        feedLag = Timer.builder("streamrec_item_feed_lag")
                .description("time from an item change being written to Redis to the API applying it (oldest change of each poll)")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
    }

    /**
     * Micrometer's system binders name two meters against Prometheus' rules: the process CPU time counter in
     * nanoseconds (process_cpu_time_ns_total, an abbreviated unit; the constructor registers
     * process_cpu_seconds_total, the name Prometheus' own clients use, instead) and the CPU count gauge with a
     * "_count" suffix, which only summaries and histograms may have.
     */
    static final MeterFilter PROMETHEUS_NAMES = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY
                    : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        }
    };

    /** Records the change-feed lag of one poll that applied changes. */
    public void itemFeedLag(long millis) {
        feedLag.record(millis, TimeUnit.MILLISECONDS);
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** A gauge with two labels, read at scrape time. */
    public void gauge(String name, String description, String label1, String value1, String label2, String value2,
                      java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).tag(label1, value1)
                .tag(label2, value2).register(registry);
    }

    /** A counter whose total is kept elsewhere, read at scrape time. */
    public void counter(String name, String description, java.util.function.LongSupplier total) {
        held.add(total);
        io.micrometer.core.instrument.FunctionCounter.builder(name, total, t -> t.getAsLong()).description(description)
                .register(registry);
    }

    /** A counter with one label, whose total is kept elsewhere, read at scrape time. */
    public void counter(String name, String description, String label, String value, java.util.function.LongSupplier total) {
        held.add(total);
        io.micrometer.core.instrument.FunctionCounter.builder(name, total, t -> t.getAsLong()).description(description)
                .tag(label, value).register(registry);
    }

    public void eventsAccepted(int n) {
        accepted.increment(n);
    }

    public void eventsRejected(int n) {
        rejected.increment(n);
    }

    public void publishFailures(int n) {
        publishFailures.increment(n);
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records one HTTP request; {@code route} is the matched path template, not the raw path. */
    public void request(String method, String route, int status, float millis) {
        requestTimers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("streamrec_http_requests")
                        .description("HTTP requests by method, matched route and status, and the time to answer them")
                        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                        .publishPercentileHistogram(false)
                        .register(registry))
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}

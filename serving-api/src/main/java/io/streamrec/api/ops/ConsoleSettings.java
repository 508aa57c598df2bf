package io.streamrec.api.ops;

import io.streamrec.core.config.StreamrecConfig;

/** {@code console.*}: where the job's metrics are read and how often and how long samples are kept. */
public record ConsoleSettings(String flinkRestUrl, int sampleSeconds, int historySamples) {
    public static ConsoleSettings from(StreamrecConfig c) {
        String url = c.getString(StreamrecConfig.CONSOLE_FLINK_REST_URL).trim();
        if (!url.isEmpty() && !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new StreamrecConfig.ConfigException(java.util.List.of(StreamrecConfig.CONSOLE_FLINK_REST_URL.name()
                    + ": '" + url + "' is not an http(s) URL"));
        }
        return new ConsoleSettings(url,
                c.getInt(StreamrecConfig.CONSOLE_SAMPLE_SECONDS), c.getInt(StreamrecConfig.CONSOLE_HISTORY_SAMPLES));
    }

    /** The defaults: no job metrics. */
    public static ConsoleSettings defaults() {
        return from(StreamrecConfig.defaults());
    }
}

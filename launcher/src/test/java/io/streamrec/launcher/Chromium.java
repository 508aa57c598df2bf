package io.streamrec.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: no driver,
 * no npm packages, nothing downloaded. One browser, one page. Started with the flags that keep it from
 * calling out on a closed network, and a fresh profile directory.
 */
final class Chromium implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final PrintStream log;
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The browser to use: {@code STREAMREC_CHROMIUM}, else a usual install path; null when there is none. */
    static Path executable() {
        String env = System.getenv("STREAMREC_CHROMIUM");
        Stream<String> paths = env == null || env.isBlank() ? CANDIDATES.stream() : Stream.of(env);
        return paths.map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    static Chromium start(Path executable, Path workDir, PrintStream log) throws Exception {
        Path profile = Files.createDirectories(workDir).resolve("chromium-profile-" + System.nanoTime());
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,1000",
                "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String wsBrowser = devToolsUrl(p, workDir.resolve("chromium.log"));
            int port = URI.create(wsBrowser).getPort();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = EventJson.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String pageUrl = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageUrl = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("Chromium has no page target: " + targets);
            }
            return new Chromium(p, profile, http, pageUrl, log);
        } catch (Exception e) {
            destroy(p);
            throw e;
        }
    }

    /** Reads Chromium's stderr until it names its DevTools address; the rest goes to {@code logFile}. */
    private static String devToolsUrl(Process p, Path logFile) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        url.complete(line.substring(at + "DevTools listening on ".length()).trim());
                    }
                }
            } catch (IOException e) {
                // the browser went away
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before it listened; see " + logFile));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return url.get(60, TimeUnit.SECONDS);
    }

    private Chromium(Process process, Path profile, HttpClient http, String pageUrl, PrintStream log) throws Exception {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(30, TimeUnit.SECONDS);
        send("Runtime.enable", null);
        send("Page.enable", null);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    private void onMessage(String text) {
        JsonNode m;
        try {
            m = EventJson.readTree(text);
        } catch (RuntimeException e) {
            return;
        }
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
                if (m.has("error")) {
                    f.completeExceptionally(new IllegalStateException("DevTools: " + m.get("error")));
                } else {
                    f.complete(m.path("result"));
                }
            }
            return;
        }
        String method = m.path("method").asText();
        if (method.equals("Runtime.consoleAPICalled")) {
            List<String> args = new ArrayList<>();
            m.path("params").path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                    : a.path("description").asText()));
            String type = m.path("params").path("type").asText();
            log.println("  [page console." + type + "] " + String.join(" ", args));
            if (type.equals("error") || type.equals("assert")) {
                errors.add("console." + type + ": " + String.join(" ", args));
            }
        } else if (method.equals("Runtime.exceptionThrown")) {
            log.println("  [page exception] " + m.path("params").path("exceptionDetails"));
            errors.add("exception: " + m.path("params").path("exceptionDetails"));
        }
    }

    /** The page's uncaught exceptions and console.error (and failed console.assert) messages so far. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** One DevTools command; its result. */
    JsonNode send(String method, Consumer<ObjectNode> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = EventJson.MAPPER.createObjectNode().put("id", id).put("method", method);
        ObjectNode p = msg.putObject("params");
        if (params != null) {
            params.accept(p);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
        return answer.get(60, TimeUnit.SECONDS);
    }

    /** Loads {@code url} and waits until the document is complete. */
    void navigate(String url) throws Exception {
        send("Page.navigate", p -> p.put("url", url));
        await("document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(30));
    }

    /** Evaluates a JavaScript expression in the page (promises awaited); its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", p -> p.put("expression", expression).put("awaitPromise", true)
                .put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
    void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never got to: " + condition);
            }
            Thread.sleep(100);
        }
    }

    /** Cuts the page off the network (every request fails as if offline) or reconnects it. */
    void offline(boolean offline) throws Exception {
        send("Network.enable", null);
        send("Network.emulateNetworkConditions", p -> p.put("offline", offline).put("latency", 0)
                .put("downloadThroughput", -1).put("uploadThroughput", -1));
    }

    /** A PNG of the whole page, {@code width} CSS pixels wide. */
    void screenshot(Path file, int width) throws Exception {
        int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
        send("Emulation.setDeviceMetricsOverride", p -> p.put("width", width).put("height", Math.min(height, 4000))
                .put("deviceScaleFactor", 1).put("mobile", false));
        JsonNode shot = send("Page.captureScreenshot", p -> p.put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } catch (RuntimeException e) {
            // closing anyway
        }
        destroy(process);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // left in target/
        }
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

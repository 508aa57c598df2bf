package io.streamrec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.redis.RedisClientFactory;
import io.streamrec.core.redis.RedisKeys;
import io.streamrec.core.redis.RedisSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.UnifiedJedis;

/**
 * Experiments end to end and the operator console, on one local stack with a read key configured: an
 * experiment with two variants defined and started through the API, recommendations fetched for many
 * users (each answer names its recId and variant), impressions, clicks, add-to-carts and purchases sent
 * with {@code context.recId} through POST /v1/events, attributed by the Flink job and read back from
 * GET /v1/experiments/{id}/results as exactly the counts sent, an event for an item that was not shown
 * counted as unattributed. Then the console at /console in headless Chromium with only the read key: live
 * plots with data points, the experiment's curves, trending per category with titles, a user lookup with
 * titles and reasons, and no errors in the page. The screenshot goes to launcher/target/console.png, and
 * with {@code -Dconsole.screenshot=docs/images/console.png} there as well (relative to the repository).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
    static final Path HOME = EndToEndIT.HOME;
    static final String READ_KEY = "it-console-read-key-0123456789";
    static final int USERS = 40;
    static final int K = 4;
    final HttpClient http = HttpClient.newHttpClient();
    final String experiment = "it-console-" + UUID.randomUUID().toString().substring(0, 8);
    LocalStack stack;
    UnifiedJedis redis;
    List<String> users;
    /** Per variant: what was sent, as the results should report it. */
    final Map<String, Expected> expected = new HashMap<>();
    JsonNode results;

    static final class Expected {
        long users;
        long impressions;
        long clicks;
        long addToCarts;
        long purchases;
        double revenue;
        long unattributed;

        @Override
        public String toString() {
            return "users " + users + ", impressions " + impressions + ", clicks " + clicks + ", add-to-carts "
                    + addToCarts + ", purchases " + purchases + ", revenue " + revenue + ", unattributed " + unattributed;
        }
    }

    /** The variant of each user's answer, in the order of {@link #users}. */
    final List<String> servedVariants = new ArrayList<>();

    @BeforeAll
    void startStackAndRunAnExperiment() throws Exception {
        Path var = HOME.resolve("launcher/target/it-console-" + UUID.randomUUID());
        // samples every second; a fifth of the events evaluated prequentially (default 1%), so that the recall
        // plot has a value after this short replay whatever the hashes of its shifted timestamps
        Map<String, String> env = Map.of("STREAMREC_API_READ_KEYS", READ_KEY, "STREAMREC_CONSOLE_SAMPLE_SECONDS", "1",
                "STREAMREC_MODEL_MF_EVAL_SAMPLE", "0.2", "STREAMREC_TRENDING_PUBLISH_INTERVAL_MS", "5000");
        stack = LocalStack.start(new LocalStack.Options(HOME, var, 0, 0, 2, false, env), System.out);
        redis = RedisClientFactory.create(new RedisSettings(stack.redisUrl(), 2000, 2, 500, "console-it"));
        List<Event> events = StorefrontIT.stockShop(stack);
        users = SmokeCheck.mostActiveUsers(events, USERS);
        StorefrontIT.awaitTrending(stack.apiBase(), READ_KEY);
        runExperiment();
    }

    @AfterAll
    void cleanUp() {
        try {
            if (stack != null) {
                call("POST", "/v1/experiments/" + experiment + "/stop", null, stack.adminKey());
            }
            if (redis != null) { // experiments are global in Redis: leave none behind
                redis.hdel(RedisKeys.EXPERIMENTS, experiment);
                redis.del(RedisKeys.experimentCounts(experiment), RedisKeys.experimentAlwaysValidP(experiment));
            }
        } catch (Exception e) {
            System.err.println("console: clean-up failed: " + e);
        } finally {
            if (redis != null) {
                redis.close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** Defines and starts the experiment, shows recommendations to {@link #users} and sends what they do. */
    void runExperiment() throws Exception {
        String definition = "{\"variants\":[{\"name\":\"control\",\"share\":0.5},"
                + "{\"name\":\"popular\",\"share\":0.5,\"baseline\":\"popularity\"}]}";
        assertThat(call("PUT", "/v1/experiments/" + experiment, definition, stack.adminKey()).statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/v1/experiments/" + experiment, definition, READ_KEY).statusCode())
                .as("a read key may not change experiments").isEqualTo(403);
        assertThat(call("POST", "/v1/experiments/" + experiment + "/start", null, stack.adminKey()).statusCode())
                .isEqualTo(200);

        // what each user was shown, with the answer's recId
        record Shown(String user, String recId, String variant, List<String> items) {}
        List<Shown> shown = new ArrayList<>();
        for (String user : users) {
            JsonNode r = json(call("GET", "/v1/users/" + enc(user) + "/recommendations?k=" + K, null, READ_KEY));
            assertThat(r.path("experiment").asText()).as(r.toString()).isEqualTo(experiment);
            List<String> items = new ArrayList<>();
            r.path("items").forEach(i -> items.add(i.path("itemId").asText()));
            assertThat(items).as(r.toString()).hasSize(K);
            assertThat(r.path("recId").asText()).startsWith("r1." + experiment + "." + r.path("variant").asText() + ".");
            shown.add(new Shown(user, r.path("recId").asText(), r.path("variant").asText(), items));
            servedVariants.add(r.path("variant").asText());
        }
        assertThat(shown.stream().map(Shown::variant).distinct()).as("users in both variants")
                .containsExactlyInAnyOrder("control", "popular");

        // impressions: each item once, the first one twice (the same item of the same answer counts once)
        long now = System.currentTimeMillis();
        ArrayNode impressions = EventJson.MAPPER.createArrayNode();
        for (Shown s : shown) {
            Expected e = expected.computeIfAbsent(s.variant(), v -> new Expected());
            e.users++;
            for (String item : s.items()) {
                impressions.add(event(s.user(), item, "impression", now, s.recId(), null));
                e.impressions++;
            }
            impressions.add(event(s.user(), s.items().get(0), "impression", now, s.recId(), null));
        }
        send(impressions);
        awaitResults(false);

        // outcomes: every second user clicks the first item (twice: counted once), every third buys it, every
        // fifth puts the second in the cart; the first user also clicks an item she was not shown (unattributed)
        ArrayNode outcomes = EventJson.MAPPER.createArrayNode();
        for (int i = 0; i < shown.size(); i++) {
            Shown s = shown.get(i);
            Expected e = expected.get(s.variant());
            long ts = now + 1000;
            if (i % 2 == 0) {
                outcomes.add(event(s.user(), s.items().get(0), "click", ts, s.recId(), null));
                outcomes.add(event(s.user(), s.items().get(0), "click", ts + 1, s.recId(), null));
                e.clicks++;
            }
            if (i % 3 == 0) {
                outcomes.add(event(s.user(), s.items().get(0), "purchase", ts + 2, s.recId(), 12.5));
                e.purchases++;
                e.revenue += 12.5;
            }
            if (i % 5 == 0) {
                outcomes.add(event(s.user(), s.items().get(1), "add_to_cart", ts + 3, s.recId(), null));
                e.addToCarts++;
            }
        }
        Shown first = shown.get(0);
        String notShown = "it-not-shown-" + UUID.randomUUID().toString().substring(0, 8);
        outcomes.add(event(first.user(), notShown, "click", now + 5000, first.recId(), null));
        expected.get(first.variant()).unattributed++;
        send(outcomes);
        results = awaitResults(true);
    }

    @Test
    void theJobAttributesExactlyWhatWasSentToEachVariant() throws Exception {
        System.out.println("console: results " + results);
        assertThat(results.path("running").asBoolean()).isTrue();
        assertThat(results.path("variants")).hasSize(2);
        for (JsonNode v : results.path("variants")) {
            Expected e = expected.get(v.path("name").asText());
            assertThat(e).as(v.toString()).isNotNull();
            assertThat(v.path("users").asLong()).as("users of " + v).isEqualTo(e.users);
            assertThat(v.path("impressions").asLong()).as("impressions of " + v).isEqualTo(e.impressions);
            assertThat(v.path("clicks").asLong()).as("clicks of " + v).isEqualTo(e.clicks);
            assertThat(v.path("addToCarts").asLong()).as("add-to-carts of " + v).isEqualTo(e.addToCarts);
            assertThat(v.path("purchases").asLong()).as("purchases of " + v).isEqualTo(e.purchases);
            assertThat(v.path("revenue").asDouble()).as("revenue of " + v).isEqualTo(e.revenue);
            assertThat(v.path("unattributed").asLong()).as("unattributed of " + v).isEqualTo(e.unattributed);
            assertThat(v.path("clickThrough").path("rate").asDouble()).isEqualTo((double) e.clicks / e.impressions);
        }
        // the results need a secret key: none is refused, the read key is enough
        assertThat(call("GET", "/v1/experiments/" + experiment + "/results", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/ops/stats", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/ops/stats", null, READ_KEY).statusCode()).isEqualTo(200);
    }

    /**
     * The blend's feedback loop through the whole stack: the API hands every list of the configured ranking
     * (the control variant) to Kafka with its items' parts, the job joins each with the user's click and
     * publishes the weights to Redis, and the API reads them back; the popularity baseline's lists teach it
     * nothing (their parts are on another scale).
     */
    @Test
    void theBlendLearnsFromTheListsServedAndWhatUsersTookFromThem() throws Exception {
        assertThat(servedVariants.stream().filter("control"::equals).count()).as("control users").isPositive();
        JsonNode blend = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            blend = json(call("GET", "/v1/ops/blend", null, READ_KEY));
            if (blend.path("version").asLong() > 0) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(blend.path("version").asLong()).as(String.valueOf(blend)).isPositive();
        assertThat(blend.path("blend").asText()).isEqualTo("learned");
        assertThat(blend.path("segments")).hasSize(12);
        long steps = 0;
        for (JsonNode seg : blend.path("segments")) {
            steps += seg.path("steps").asLong();
            assertThat(seg.path("weights").path("model").asDouble()).isEqualTo(1.0);
        }
        assertThat(steps).as("pairwise steps").isPositive();
        assertThat(call("GET", "/v1/ops/blend", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleShowsLivePlotsTheExperimentTrendingAndAUserWithAReadKey() throws Exception {
        Path chromium = Chromium.executable();
        if (chromium == null) { // said on the console too, not only in the report: never a silent skip
            String why = "SKIPPED: no Chromium found (apt-get install chromium, or set STREAMREC_CHROMIUM to its "
                    + "path); the console test in a browser did not run";
            System.err.println(why);
            Assumptions.abort(why);
        }
        try (Chromium browser = Chromium.start(chromium, HOME.resolve("launcher/target/it-console-browser"), System.out)) {
            String user = users.get(0);
            browser.navigate(stack.apiBase() + "/console/?user=" + enc(user));
            assertThat(browser.eval("document.querySelector('#status').textContent").asText()).isEqualTo("enter a key");
            // an unknown key is refused and said so
            enterKey(browser, "not-a-key-of-this-api-0123");
            browser.await("document.querySelector('#status').dataset.state === 'error' && "
                    + "document.querySelector('#status').textContent.startsWith('key refused')", Duration.ofSeconds(20));
            enterKey(browser, READ_KEY);
            browser.await("document.body.dataset.ready === 'true'", Duration.ofSeconds(30));
            assertThat(browser.eval("sessionStorage.getItem('streamrec-console-key')").asText()).isEqualTo(READ_KEY);

            // the job's figures, read from Flink: events flow while the API samples them (the replay may have
            // been learned before the API first reached the job's metrics); views carry no recId, so the
            // experiment's counts do not change
            ArrayNode views = EventJson.MAPPER.createArrayNode();
            long ts = System.currentTimeMillis();
            for (int i = 0; i < 300; i++) {
                views.add(EventJson.MAPPER.createObjectNode().put("userId", users.get(i % users.size()))
                        .put("itemId", "console-it-item-" + (i % 30)).put("type", "view").put("ts", ts + i));
            }
            send(views);
            browser.await("window.opsConsole.state.stats.jobMetrics === 'connected' && "
                    + "window.opsConsole.state.stats.samples.some(s => s.eventsPerSecond > 0) && "
                    + "window.opsConsole.state.stats.samples.some(s => s.prequentialRecallAt20 !== null && "
                    + "s.prequentialRecallAt20 !== undefined) && "
                    + "window.opsConsole.state.stats.samples.some(s => s.freshnessMillis >= 0 && s.freshnessMillis !== null) && "
                    + "window.opsConsole.state.stats.samples.some(s => s.recommendP99Millis > 0)", Duration.ofSeconds(60));
            JsonNode points = browser.eval("Object.fromEntries([...document.querySelectorAll('#live-plots figure.plot')]"
                    + ".map(f => [f.dataset.plot, Number(f.dataset.points)]))");
            System.out.println("console: data points per plot " + points);
            for (String plot : List.of("events", "freshness", "recall", "dlq", "latency", "requests")) {
                assertThat(points.path(plot).asInt()).as("data points of " + plot + " in " + points).isPositive();
            }
            assertThat(browser.eval("[...document.querySelectorAll('#live-plots .empty')].map(e => e.textContent)"
                    + ".filter(t => t)").size()).as("no plot says it has no data").isZero();

            // the blend's weights per segment, as the job learned them from the experiment's clicks
            browser.await("window.opsConsole.state.blend && window.opsConsole.state.blend.version > 0 && "
                    + "document.querySelectorAll('#blend tbody tr').length === 12", Duration.ofSeconds(60));
            assertThat(browser.eval("document.querySelector('#blend-note').textContent").asText())
                    .startsWith("learned from ");

            // the experiment: its counts per variant and the click-through and conversion curves
            String card = ".experiment[data-experiment=\"" + experiment + "\"]";
            browser.await("document.querySelector('" + card + "') && Number(document.querySelector('" + card
                    + " figure[data-plot=\"" + experiment + ":ctr\"]').dataset.points) > 0 && Number(document"
                    + ".querySelector('" + card + " figure[data-plot=\"" + experiment + ":cvr\"]').dataset.points) > 0",
                    Duration.ofSeconds(30));
            for (Map.Entry<String, Expected> e : expected.entrySet()) {
                String row = card + " tr[data-variant=\"" + e.getKey() + "\"]";
                assertThat(browser.eval("document.querySelector('" + row + " .impressions').textContent").asText())
                        .isEqualTo(Long.toString(e.getValue().impressions));
                assertThat(browser.eval("document.querySelector('" + row + " .clicks').textContent").asText())
                        .isEqualTo(Long.toString(e.getValue().clicks));
            }

            // trending per category, with the catalogue's titles
            browser.await("document.querySelectorAll('#trending .category li').length > 0", Duration.ofSeconds(40));
            List<String> trendingTitles = StorefrontIT.strings(browser.eval(
                    "[...document.querySelectorAll('#trending .category li')].map(l => l.firstChild.textContent)"));
            assertThat(trendingTitles).anySatisfy(t -> assertThat(t).matches("(?i)[a-z0-9].*[a-z]{3,}.*"));

            // the user lookup (the page was opened with ?user=): titles and reasons
            browser.await("window.opsConsole.state.lookup && window.opsConsole.state.lookup.userId === '" + user + "'",
                    Duration.ofSeconds(30));
            JsonNode lookup = browser.eval("window.opsConsole.state.lookup");
            assertThat(lookup.path("items").asInt()).as(lookup.toString()).isPositive();
            assertThat(lookup.path("titled").asInt()).as(lookup.toString()).isPositive();
            assertThat(lookup.path("variant").asText()).isIn("control", "popular");
            List<String> titles = StorefrontIT.strings(browser.eval(
                    "[...document.querySelectorAll('#user-recs > li .title')].map(t => t.textContent)"));
            assertThat(titles).hasSize(lookup.path("items").asInt())
                    .anySatisfy(t -> assertThat(t).matches("(?i)[a-z0-9].*[a-z]{3,}.*"));
            assertThat(StorefrontIT.strings(browser.eval(
                    "[...document.querySelectorAll('#user-recs .reasons li')].map(l => l.textContent)")))
                    .as("each recommendation with its reasons").isNotEmpty();

            // a second lookup through the form
            String other = users.get(1);
            browser.eval("(() => { document.querySelector('#user-id').value = '" + other + "'; "
                    + "document.querySelector('#user-form').requestSubmit(); })()");
            browser.await("window.opsConsole.state.lookup.userId === '" + other + "'", Duration.ofSeconds(30));

            String copy = System.getProperty("console.screenshot");
            if (copy != null && !copy.isBlank()) { // a picture for people: the experiment's curves over a few samples
                browser.await("Number(document.querySelector('" + card + " figure[data-plot=\"" + experiment
                        + ":ctr\"]').dataset.points) >= 12", Duration.ofSeconds(90));
            }
            browser.eval("window.scrollTo(0, 0)");
            Path shot = HOME.resolve("launcher/target/console.png");
            browser.screenshot(shot, 1280);
            System.out.println("console: screenshot in " + shot);
            if (copy != null && !copy.isBlank()) {
                java.nio.file.Files.copy(shot, HOME.resolve(copy), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.println("console: screenshot copied to " + HOME.resolve(copy));
            }
            assertThat(browser.errors()).as("errors in the page").isEmpty();
            assertThat(browser.eval("window.opsConsole.state.problems").size())
                    .as("failed calls with the read key: " + browser.eval("window.opsConsole.state.problems")).isZero();
        }
    }

    static void enterKey(Chromium browser, String key) throws Exception {
        browser.eval("(() => { document.querySelector('#key').value = '" + key + "'; "
                + "document.querySelector('#key-form').requestSubmit(); })()");
    }

    ObjectNode event(String user, String item, String type, long ts, String recId, Double value) {
        ObjectNode e = EventJson.MAPPER.createObjectNode().put("userId", user).put("itemId", item).put("type", type)
                .put("ts", ts);
        if (value != null) {
            e.put("value", value);
        }
        e.putObject("context").put("recId", recId).put("page", "console-it");
        return e;
    }

    void send(ArrayNode events) throws Exception {
        for (int from = 0; from < events.size(); from += 500) {
            ArrayNode batch = EventJson.MAPPER.createArrayNode();
            for (int i = from; i < Math.min(events.size(), from + 500); i++) {
                batch.add(events.get(i));
            }
            HttpResponse<String> r = call("POST", "/v1/events", batch.toString(), stack.writeKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json(r).path("accepted").asInt()).as(r.body()).isEqualTo(batch.size());
        }
    }

    /** Waits until the results report what was sent (impressions and users only, or everything). */
    JsonNode awaitResults(boolean everything) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode r = json(call("GET", "/v1/experiments/" + experiment + "/results", null, READ_KEY));
            boolean done = r.path("variants").size() == expected.size();
            for (JsonNode v : r.path("variants")) {
                Expected e = expected.get(v.path("name").asText());
                done &= e != null && v.path("impressions").asLong() == e.impressions && v.path("users").asLong() == e.users;
                if (everything && e != null) {
                    done &= v.path("clicks").asLong() >= e.clicks && v.path("purchases").asLong() >= e.purchases
                            && v.path("addToCarts").asLong() >= e.addToCarts && v.path("unattributed").asLong() >= e.unattributed;
                }
            }
            if (done) {
                if (everything) {
                    Thread.sleep(2000); // anything counted twice would arrive by now
                    return json(call("GET", "/v1/experiments/" + experiment + "/results", null, READ_KEY));
                }
                return r;
            }
            assertThat(System.nanoTime()).as("the results reach " + expected + ": " + r).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    HttpResponse<String> call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.apiBase() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return EventJson.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

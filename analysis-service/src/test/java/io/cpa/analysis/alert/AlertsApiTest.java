package io.cpa.analysis.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.AlertEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A series whose alignment collapses and comes back, through the real topology and broker: the rules open and resolve
 * alerts on cpa.alerts, /api/alerts serves them, the SSE stream pushes them as 'alert' events, the webhook gets them
 * after failing its first attempts, and the history endpoint shows the rho the rules saw. Test configuration: alerts
 * watch last-100, min n 50, baseline n 100.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WebhookTestResource.class, scope = TestResourceScope.GLOBAL)
class AlertsApiTest {

    /** Level of answer i: IC rank with a little disagreement, so rho is high but not 1; inverted when {@code flip}. */
    static CertaintyEvent certainty(String series, long seq, int i, boolean flip) {
        double ic = ((i * 37) % 100 + 0.5) / 100.0;
        int rank = Math.min(5, (int) (ic * 6));
        if (i % 7 == 0) rank = Math.max(0, rank - 1);
        if (flip) rank = 5 - rank;
        CertaintyLevel level = CertaintyLevel.ofRank(rank);
        String[] p = series.split("\\|");
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2],
                seq, Instant.now(), Instant.now(), ic, "option-ratio@1", "A", null, null,
                VerbalizedCertainty.ofLevel(level, level.phrase()), 0.2, 5, null, null);
    }

    static void send(TopicClient kafka, String series, int from, int to, boolean flip) {
        for (int i = from; i <= to; i++) kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(certainty(series, i, i, flip)));
        kafka.flush();
    }

    static JsonNode json(Response r) {
        try {
            return EventJson.mapper().readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError(r.asString(), e);
        }
    }

    static List<AlertEvent> alertsOnTopic(TopicClient kafka, String series, Predicate<List<AlertEvent>> until) {
        List<AlertEvent> out = new ArrayList<>();
        kafka.readUntil(Topics.ALERTS, records -> {
            out.clear();
            for (ConsumerRecord<String, String> r : records) {
                if (series.equals(r.key())) out.add(AlertEvent.read(r.value()));
            }
            return until.test(out);
        }, Duration.ofSeconds(60));
        return out;
    }

    static boolean has(List<AlertEvent> events, String rule, AlertEvent.State state) {
        return events.stream().anyMatch(e -> e.rule().equals(rule) && e.state() == state);
    }

    static JsonNode awaitReceived(String series, long received) {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            Response r = given().pathParam("key", series).get("/api/series/{key}");
            if (r.statusCode() == 200) {
                last = json(r);
                if (last.path("received").asLong() >= received) return last;
            }
            sleep(300);
        }
        throw new AssertionError("series " + series + " did not reach " + received + ": " + last);
    }

    private static void awaitHistoryPoint(String series, long received) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Response r = given().pathParam("key", series).queryParam("window", "last-100").get("/api/series/{key}/history");
            if (r.statusCode() == 200 && r.jsonPath().getList("received", Long.class).contains(received)) return;
            sleep(300);
        }
        throw new AssertionError("no history point of " + series + " at " + received);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alignmentCollapsesAndRecovers() throws Exception {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|alerts|cqp";
        List<String> sse = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/api/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(sse::add);
            } catch (java.io.UncheckedIOException e) {
                // the application closed the stream at shutdown
            }
        });
        reader.setDaemon(true);
        reader.start();

        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            // 100 aligned answers: the baseline (n 100); then 100 with the relation reversed
            send(kafka, series, 1, 100, false);
            awaitReceived(series, 100);
            // the rules judge the paced snapshots only, which the history ring keeps too: the baseline is set once the
            // ring has the 100 aligned answers (the API may show them first in a fresh snapshot)
            awaitHistoryPoint(series, 100);
            send(kafka, series, 101, 200, true);
            List<AlertEvent> opened = alertsOnTopic(kafka, series,
                    es -> has(es, "rho-floor", AlertEvent.State.OPEN) && has(es, "rho-drop", AlertEvent.State.OPEN));
            assertThat(opened).as("alerts of %s", series).anySatisfy(e -> assertThat(e.rule()).isEqualTo("rho-floor"));
            AlertEvent floor = opened.stream().filter(e -> e.rule().equals("rho-floor")).findFirst().orElseThrow();
            AlertEvent drop = opened.stream().filter(e -> e.rule().equals("rho-drop")).findFirst().orElseThrow();
            for (AlertEvent e : List.of(floor, drop)) {
                assertThat(e.seriesReceived()).as("no alert on the aligned answers").isBetween(101L, 200L);
                assertThat(e.window()).isEqualTo("last-100");
            }
            assertThat(floor.upper()).isLessThan(0.1);
            // the drop may open on a window still half aligned: the interval must only clear the baseline's
            assertThat(drop.baseline()).isGreaterThan(0.8);
            assertThat(drop.observed()).isLessThanOrEqualTo(drop.baseline() - 0.1);
            awaitReceived(series, 200);

            // open alerts from the store, for the series and across all series
            JsonNode open = json(given().queryParam("series", series).queryParam("state", "open").get("/api/alerts"));
            assertThat(open.findValuesAsText("rule")).contains("rho-floor", "rho-drop");
            assertThat(open.findValuesAsText("state")).containsOnly("OPEN");
            assertThat(open.findValuesAsText("alertId")).contains(floor.alertId(), drop.alertId());
            JsonNode everywhere = json(given().queryParam("limit", "1000").get("/api/alerts"));
            assertThat(everywhere.findValuesAsText("alertId")).contains(floor.alertId(), drop.alertId());

            // the value the rule saw is the rho of the history point at the same answer count
            JsonNode history = json(given().pathParam("key", series).queryParam("window", "last-100").get("/api/series/{key}/history"));
            JsonNode atOpen = null;
            for (JsonNode p : history) if (p.path("received").asLong() == floor.seriesReceived()) atOpen = p;
            assertThat(atOpen).as("history point at %d in %s", floor.seriesReceived(), history).isNotNull();
            assertThat(atOpen.path("rho").asDouble()).isEqualTo(floor.observed());
            assertThat(atOpen.path("upper").asDouble()).isEqualTo(floor.upper());
            assertThat(atOpen.path("status").asText()).isEqualTo("OK");

            // aligned again: both resolve, once, under the ids they opened with
            send(kafka, series, 201, 300, false);
            List<AlertEvent> all = alertsOnTopic(kafka, series,
                    es -> has(es, "rho-floor", AlertEvent.State.RESOLVED) && has(es, "rho-drop", AlertEvent.State.RESOLVED));
            for (AlertEvent o : List.of(floor, drop)) {
                List<AlertEvent> mine = all.stream().filter(e -> e.rule().equals(o.rule())).toList();
                assertThat(mine).as("no flapping: one OPEN, one RESOLVED").extracting(AlertEvent::state)
                        .containsExactly(AlertEvent.State.OPEN, AlertEvent.State.RESOLVED);
                assertThat(mine).extracting(AlertEvent::alertId).containsOnly(o.alertId());
                assertThat(mine.get(1).seriesReceived()).isBetween(201L, 300L);
            }
        }

        JsonNode latest = awaitReceived(series, 300);
        JsonNode events = json(given().queryParam("series", series).queryParam("state", "all").get("/api/alerts"));
        assertThat(events.findValuesAsText("state")).contains("OPEN", "RESOLVED");
        List<Long> times = new ArrayList<>();
        events.forEach(e -> times.add(e.path("atMs").asLong()));
        assertThat(times).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode stillOpen = json(given().queryParam("series", series).get("/api/alerts"));
        assertThat(stillOpen.findValuesAsText("rule")).doesNotContain("rho-floor", "rho-drop");
        assertThat(json(given().queryParam("series", series).queryParam("state", "all").queryParam("limit", "1")
                .get("/api/alerts"))).hasSize(1);

        // history: newest last, ends at the snapshot the series endpoint serves
        JsonNode history = json(given().pathParam("key", series).queryParam("window", "last-100").get("/api/series/{key}/history"));
        List<Long> received = new ArrayList<>();
        history.forEach(p -> received.add(p.path("received").asLong()));
        assertThat(received).isSorted().doesNotHaveDuplicates();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("received").asLong()).isEqualTo(300);
        JsonNode rho = latest.path("windows").path("last-100").path("spearman");
        assertThat(last.path("rho").asDouble()).isEqualTo(rho.path("value").asDouble());
        assertThat(last.path("lower").asDouble()).isEqualTo(rho.path("lower").asDouble());
        assertThat(last.path("n").asLong()).isEqualTo(100);
        JsonNode two = json(given().pathParam("key", series).queryParam("window", "last-100").queryParam("limit", "2")
                .get("/api/series/{key}/history"));
        assertThat(two).containsExactly(history.get(history.size() - 2), last);

        // the SSE stream: alerts as named 'alert' events, snapshots unnamed as before
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !sseAlert(sse, series, "RESOLVED")) sleep(200);
        assertThat(sseAlert(sse, series, "OPEN")).as("alert events on SSE").isTrue();
        assertThat(sseAlert(sse, series, "RESOLVED")).isTrue();
        for (int i = 0; i < sse.size(); i++) {
            String line = sse.get(i);
            if (line.startsWith("data:") && line.contains("\"windows\"") && line.contains(series)) {
                assertThat(i > 0 && sse.get(i - 1).startsWith("event:")).as("a snapshot is an unnamed event").isFalse();
            }
        }

        // the webhook took every alert of the series after failing its first two attempts
        WebhookReceiver hook = WebhookTestResource.receiver;
        deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && hook.accepted.stream().filter(b -> b.contains(series)).count() < 4) sleep(200);
        List<AlertEvent> posted = hook.accepted.stream().filter(b -> b.contains(series)).map(AlertEvent::read).toList();
        assertThat(posted).extracting(e -> e.rule() + " " + e.state()).contains("rho-floor OPEN", "rho-drop OPEN",
                "rho-floor RESOLVED", "rho-drop RESOLVED");
        assertThat(hook.requests.get()).isGreaterThan(hook.accepted.size());
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("cpa_alerts_webhook_retries_total(\\{[^}]*\\})? [2-9]");
        assertThat(metrics).contains("cpa_alerts_webhook_failures_total 0.0");
    }

    /** An 'alert' event whose data is an alert event of {@code series} in {@code state}. */
    static boolean sseAlert(List<String> lines, String series, String state) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).replace(" ", "").equals("event:alert")) {
                String data = lines.get(i + 1);
                if (data.startsWith("data:") && data.contains(series) && data.contains("\"state\":\"" + state + "\"")) return true;
            }
        }
        return false;
    }

    @Test
    void badParametersAreNamed() {
        Map<String, String> cases = Map.of("state=closed", "state", "limit=0", "limit", "limit=abc", "limit",
                "series=no-pipes", "series");
        cases.forEach((query, field) -> {
            Response r = given().get("/api/alerts?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.jsonPath().getString("field")).as(query).isEqualTo(field);
        });
        Response badWindow = given().pathParam("key", "a|b|c").get("/api/series/{key}/history?window=last-7");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.jsonPath().getString("field")).isEqualTo("window");
        assertThat(badWindow.jsonPath().getString("error")).contains("last-100");
        Response badLimit = given().pathParam("key", "a|b|c").get("/api/series/{key}/history?limit=abc");
        assertThat(badLimit.jsonPath().getString("field")).isEqualTo("limit");
        // while the Streams client rebalances the API answers 503 with Retry-After, as a client must expect; then 404
        Response unknown = given().pathParam("key", "m-unknown|x|cqp").get("/api/series/{key}/history");
        for (int i = 0; i < 60 && unknown.statusCode() == 503; i++) {
            sleep(500);
            unknown = given().pathParam("key", "m-unknown|x|cqp").get("/api/series/{key}/history");
        }
        assertThat(unknown.statusCode()).as(unknown.body().asString()).isEqualTo(404);
        assertThat(given().pathParam("key", "m-unknown|x|cqp").get("/api/series/{key}/recent?limit=9999").jsonPath()
                .getString("field")).isEqualTo("limit");
    }
}

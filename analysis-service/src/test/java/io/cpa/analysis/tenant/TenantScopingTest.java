package io.cpa.analysis.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tenants run the same model from a source of the same name, through the real broker and topology: they get two
 * series with their own statistics, and every read path of the API, tried with the other tenant's identity, answers
 * exactly as for a series or study that does not exist. Identities are per test method, so the story is a sequence
 * of ordered methods: the two SSE connections are opened first, each with its tenant's identity, and read at the end.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantScopingTest {
    static final String MODEL = "m-" + UUID.randomUUID().toString().substring(0, 8);
    static final String ACME = MODEL + "|shared|cqp|acme";
    static final String GLOBEX = MODEL + "|shared|cqp|globex";
    static final String NOWHERE = MODEL + "|nowhere|cqp|acme";
    static final String STUDY = "study-" + UUID.randomUUID().toString().substring(0, 8);
    static final String MIXED = "study-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> acmeStream = new CopyOnWriteArrayList<>();
    static final List<String> globexStream = new CopyOnWriteArrayList<>();

    /** Answer i of a series: VC follows IC, or runs against it when {@code reversed}. */
    static CertaintyEvent certainty(String series, int i, boolean reversed, String runId) {
        double ic = ((i * 37) % 100 + 0.5) / 100.0;
        int rank = Math.min(5, (int) (ic * 6));
        if (i % 7 == 0) rank = Math.max(0, rank - 1);
        if (reversed) rank = 5 - rank;
        CertaintyLevel level = CertaintyLevel.ofRank(rank);
        String[] p = series.split("\\|");
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2],
                i, Instant.now(), Instant.now(), ic, "option-ratio@1", "A", "A", i % 3 != 0,
                VerbalizedCertainty.ofLevel(level, level.letter() + ". " + level.phrase()), 0.2, 5, null, null, runId, "q" + i);
    }

    static void openStream(List<String> into) throws Exception {
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/api/stream")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(into::add);
            } catch (java.io.UncheckedIOException e) {
                // the application closed the stream at shutdown
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    static JsonNode json(Response r) {
        try {
            return EventJson.mapper().readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError(r.asString(), e);
        }
    }

    static JsonNode awaitSeries(String key, long received) {
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            Response r = given().pathParam("key", key).get("/api/series/{key}");
            if (r.statusCode() == 200) {
                last = json(r);
                // since-start too: a snapshot that said received 100 with since-start n 50 was seen once in CI
                if (last.path("received").asLong() >= received
                        && last.path("windows").path("since-start").path("n").asLong() >= received) return last;
            }
            sleep(300);
        }
        throw new AssertionError("series " + key + " did not reach " + received + ": " + last);
    }

    static void awaitLine(List<String> lines, String... parts) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            for (String line : lines) if (Stream.of(parts).allMatch(line::contains)) return;
            sleep(200);
        }
        throw new AssertionError("no SSE line with " + List.of(parts));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Each single-series read path, as a function of the key. */
    static final Map<String, Function<String, Response>> PATHS = Map.of(
            "series", k -> given().pathParam("key", k).get("/api/series/{key}"),
            "recent", k -> given().pathParam("key", k).get("/api/series/{key}/recent"),
            "history", k -> given().pathParam("key", k).get("/api/series/{key}/history"),
            "range", k -> given().pathParam("key", k).queryParam("last", "1h").get("/api/series/{key}/range"),
            "daily", k -> given().pathParam("key", k).get("/api/series/{key}/daily"),
            "compare", k -> given().pathParam("key", k).queryParam("last", "1h").queryParam("baseLast", "2h")
                    .get("/api/series/{key}/compare"),
            "local", k -> given().pathParam("key", k).queryParam("scope", "local").get("/api/series/{key}"));

    /** Every read path of the API with another tenant's series answers as for a series that does not exist. */
    static void cannotSee(String foreign, String own) {
        PATHS.forEach((name, path) -> {
            Response theirs = path.apply(foreign);
            Response missing = path.apply(NOWHERE);
            assertThat(missing.statusCode()).as(name + " of a missing series").isEqualTo(404);
            assertThat(theirs.statusCode()).as(name + " of another tenant's series").isEqualTo(404);
            assertThat(theirs.asString().replace(foreign, "KEY")).as(name).isEqualTo(missing.asString().replace(NOWHERE, "KEY"));
            assertThat(path.apply(own).statusCode()).as(name + " of the caller's own series").isEqualTo(200);
        });
        for (String scope : List.of("all", "local")) {
            JsonNode list = json(given().queryParam("scope", scope).get("/api/series"));
            assertThat(list.findValuesAsText("seriesKey")).as("series, scope " + scope).contains(own).doesNotContain(foreign);
            JsonNode skips = json(given().queryParam("scope", scope).get("/api/skips"));
            assertThat(skips.findValuesAsText("seriesKey")).as("skips, scope " + scope).contains(own).doesNotContain(foreign);
            for (String state : List.of("open", "all")) {
                JsonNode alerts = json(given().queryParam("scope", scope).queryParam("state", state).queryParam("limit", "1000")
                        .get("/api/alerts"));
                assertThat(alerts.findValuesAsText("seriesKey")).as("alerts").doesNotContain(foreign);
                JsonNode ofSeries = json(given().queryParam("scope", scope).queryParam("state", state)
                        .queryParam("series", foreign).get("/api/alerts"));
                JsonNode ofNothing = json(given().queryParam("scope", scope).queryParam("state", state)
                        .queryParam("series", NOWHERE).get("/api/alerts"));
                assertThat(ofSeries).as("alerts of another tenant's series").isEmpty();
                assertThat(ofNothing).isEmpty();
            }
        }
    }

    @Test
    @Order(1)
    @TestSecurity(user = "viewer-acme", roles = "viewer", attributes = @SecurityAttribute(key = "cpa.tenant", value = "acme"))
    void acmeOpensItsStream() throws Exception {
        openStream(acmeStream);
    }

    @Test
    @Order(2)
    @TestSecurity(user = "viewer-globex", roles = "viewer", attributes = @SecurityAttribute(key = "cpa.tenant", value = "globex"))
    void globexOpensItsStream() throws Exception {
        openStream(globexStream);
    }

    @Test
    @Order(3)
    @TestSecurity(user = "admin", roles = "admin", attributes = @SecurityAttribute(key = "cpa.tenant", value = "*"))
    void twoTenantsWithTheSameModelSourceAndVariantGetTwoSeriesWithTheirOwnStatistics() {
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 1; i <= 100; i++) {
                // acme's model is aligned, globex's runs against itself: only globex's series opens a rho-floor alert
                kafka.sendAsync(Topics.CERTAINTIES, ACME, EventJson.write(certainty(ACME, i, false, i <= 40 ? MIXED : null)));
                kafka.sendAsync(Topics.CERTAINTIES, GLOBEX, EventJson.write(certainty(GLOBEX, i, true, i <= 40 ? STUDY : MIXED)));
            }
            for (String key : List.of(ACME, GLOBEX)) {
                kafka.sendAsync(Topics.SKIPS, key, EventJson.write(new SkipEvent(SkipEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                        key, MODEL, "shared", "cqp", null, SkipEvent.REFUSAL, Instant.now(), Instant.now())));
            }
            kafka.flush();
        }
        JsonNode acme = awaitSeries(ACME, 100);
        JsonNode globex = awaitSeries(GLOBEX, 100);
        double acmeRho = acme.path("windows").path("since-start").path("spearman").path("value").asDouble();
        double globexRho = globex.path("windows").path("since-start").path("spearman").path("value").asDouble();
        assertThat(acmeRho).isGreaterThan(0.8);
        assertThat(globexRho).isLessThan(-0.8);
        assertThat(acme.path("windows").path("since-start").path("n").asLong()).isEqualTo(100);
        assertThat(globex.path("windows").path("since-start").path("n").asLong()).isEqualTo(100);

        // a caller of every tenant sees both, and the metrics tell them apart
        assertThat(json(given().get("/api/series")).findValuesAsText("seriesKey")).contains(ACME, GLOBEX);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && !json(given().queryParam("series", GLOBEX).get("/api/alerts")).findValuesAsText("rule").contains("rho-floor")) {
            sleep(300);
        }
        assertThat(json(given().queryParam("series", GLOBEX).get("/api/alerts")).findValuesAsText("rule")).contains("rho-floor");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("tenant=\"acme\"").contains("tenant=\"globex\"");
        assertThat(metrics.lines().filter(l -> l.startsWith("cpa_alignment_n{") && l.contains("model=\"" + MODEL + "\"")
                && l.contains("window=\"since-start\"")).toList()).hasSize(2);

        // a study whose certainties belong to two tenants is reported per tenant, never mixed
        Response mixed = given().queryParam("format", "json").get("/api/reports/" + MIXED);
        assertThat(mixed.statusCode()).isEqualTo(409);
        assertThat(mixed.jsonPath().getString("field")).isEqualTo("tenant");
        assertThat(json(given().queryParam("format", "json").queryParam("tenant", "acme").get("/api/reports/" + MIXED))
                .path("certainties").asInt()).isEqualTo(40);
        assertThat(json(given().queryParam("format", "json").get("/api/reports/" + STUDY)).path("certainties").asInt()).isEqualTo(40);

        // both streams have had their own series' last snapshot and globex its alert, so every event has been broadcast
        awaitLine(acmeStream, "\"seriesKey\":\"" + ACME + "\"", "\"received\":100");
        awaitLine(globexStream, "\"seriesKey\":\"" + GLOBEX + "\"", "\"received\":100");
        awaitLine(globexStream, "\"seriesKey\":\"" + GLOBEX + "\"", "rho-floor");
    }

    @Test
    @Order(4)
    @TestSecurity(user = "viewer-acme", roles = "viewer", attributes = @SecurityAttribute(key = "cpa.tenant", value = "acme"))
    void acmeSeesNothingOfGlobex() {
        cannotSee(GLOBEX, ACME);
        Response theirs = given().get("/api/reports/" + STUDY);
        Response missing = given().get("/api/reports/" + STUDY + "-nowhere");
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(theirs.asString()).isEqualTo(missing.asString().replace(STUDY + "-nowhere", STUDY));
        Response chart = given().get("/api/reports/" + STUDY + "/charts/vc-levels_" + MODEL + "_shared_cqp.svg");
        Response missingChart = given().get("/api/reports/" + STUDY + "-nowhere/charts/vc-levels_" + MODEL + "_shared_cqp.svg");
        assertThat(chart.statusCode()).isEqualTo(404);
        assertThat(chart.asString()).isEqualTo(missingChart.asString().replace(STUDY + "-nowhere", STUDY));
        // of the study both tenants used, acme's report holds acme's certainties only, whatever tenant it names
        assertThat(json(given().queryParam("format", "json").queryParam("tenant", "globex").get("/api/reports/" + MIXED))
                .path("certainties").asInt()).isEqualTo(40);

        List<String> seen = new ArrayList<>(acmeStream);
        assertThat(seen).anyMatch(l -> l.contains(ACME));
        assertThat(seen).noneMatch(l -> l.contains("globex"));
    }

    @Test
    @Order(5)
    @TestSecurity(user = "viewer-globex", roles = "viewer", attributes = @SecurityAttribute(key = "cpa.tenant", value = "globex"))
    void globexSeesNothingOfAcme() {
        cannotSee(ACME, GLOBEX);
        assertThat(json(given().queryParam("format", "json").get("/api/reports/" + STUDY)).path("certainties").asInt()).isEqualTo(40);
        assertThat(json(given().queryParam("format", "json").get("/api/reports/" + MIXED)).path("certainties").asInt()).isEqualTo(60);
        assertThat(json(given().queryParam("series", GLOBEX).get("/api/alerts")).findValuesAsText("rule")).contains("rho-floor");
        List<String> seen = new ArrayList<>(globexStream);
        assertThat(seen).anyMatch(l -> l.contains(GLOBEX));
        assertThat(seen).noneMatch(l -> l.contains("|acme"));
    }

    @Test
    @Order(6)
    @TestSecurity(user = "viewer-default", roles = "viewer", attributes = @SecurityAttribute(key = "cpa.tenant", value = "default"))
    void aViewerOfTheDefaultTenantSeesNeither() {
        assertThat(json(given().get("/api/series")).findValuesAsText("seriesKey")).doesNotContain(ACME, GLOBEX);
        assertThat(given().pathParam("key", ACME).get("/api/series/{key}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void anAnonymousCallerOfAServiceRunningOpenSeesEveryTenant() {
        // no key and no OIDC configured here: the service runs open on 127.0.0.1, where an anonymous caller is an admin
        // of every tenant, as before tenants existed
        assertThat(json(given().get("/api/series")).findValuesAsText("seriesKey")).contains(ACME, GLOBEX);
        assertThat(given().pathParam("key", ACME).get("/api/series/{key}").statusCode()).isEqualTo(200);
    }
}

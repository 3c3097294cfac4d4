package io.cpa.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ranges, days and comparisons over the real topology and broker: three days of answers with their own event times
 * (day 0 aligned, day 1 not at all, day 2 reversed), each range checked against a direct computation of the answers
 * whose event time falls in the stretch the answer says it covers.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RangeApiTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    static CertaintyEvent at(String series, long seq, long eventMs, double ic, int rank) {
        String[] p = series.split("\\|");
        Instant t = Instant.ofEpochMilli(eventMs);
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, p[0], p[1], p[2],
                seq, t, t, ic, "option-ratio@1", "A", null, null,
                VerbalizedCertainty.ofLevel(CertaintyLevel.ofRank(rank), CertaintyLevel.ofRank(rank).phrase()), 0.2, 5, null, null);
    }

    static JsonNode json(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        try {
            return EventJson.mapper().readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rangesDaysAndComparisonsMatchADirectComputation() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|range|cqp";
        List<CertaintyEvent> events = new ArrayList<>();
        int seq = 0;
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 60; i++) {
                double ic = (i + 1) / 61.0;
                int rank = switch (day) {
                    case 0 -> Math.min(5, i / 10);
                    case 1 -> (i * 7) % 6;
                    default -> 5 - Math.min(5, i / 10);
                };
                events.add(at(series, ++seq, T0 + day * DAY + i * 600_000L, Math.round(ic * 1e5) / 1e5, rank));
            }
        }
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (CertaintyEvent e : events) kafka.sendAsync(Topics.CERTAINTIES, series, EventJson.write(e));
            kafka.flush();
        }
        SeriesAnalysisTest.awaitSeries(series, 180);

        JsonNode daily = json(given().pathParam("key", series).queryParam("days", 3).get("/api/series/{key}/daily"));
        assertThat(daily.path("days").size()).isEqualTo(3);
        double[] expected = new double[3];
        for (int day = 0; day < 3; day++) {
            JsonNode d = daily.path("days").get(day);
            assertThat(d.path("fromMs").asLong()).isEqualTo(T0 + day * DAY);
            assertThat(d.path("window").path("n").asLong()).isEqualTo(60);
            expected[day] = rho(events.subList(day * 60, day * 60 + 60));
            assertThat(d.path("window").path("spearman").path("value").asDouble()).isCloseTo(expected[day], within(1e-12));
        }
        assertThat(expected[0]).isPositive();
        assertThat(expected[2]).isNegative();

        // from mid day 0 to mid day 2, in ISO-8601 and epoch ms
        long from = T0 + DAY / 2 + 1, to = T0 + 2 * DAY + DAY / 4;
        JsonNode range = json(given().pathParam("key", series).queryParam("from", Instant.ofEpochMilli(from).toString())
                .queryParam("to", to).get("/api/series/{key}/range"));
        long coveredFrom = range.path("fromMs").asLong(), coveredTo = range.path("toMs").asLong();
        assertThat(coveredFrom).isEqualTo(T0 + DAY / 2 + 60_000); // from rounded up to whole minutes
        assertThat(coveredTo).isEqualTo(to);
        List<CertaintyEvent> inRange = events.stream().filter(e -> e.answeredAt().toEpochMilli() >= coveredFrom
                && e.answeredAt().toEpochMilli() < coveredTo).toList();
        assertThat(range.path("window").path("n").asLong()).isEqualTo(inRange.size());
        assertThat(range.path("window").path("spearman").path("value").asDouble()).isCloseTo(rho(inRange), within(1e-12));

        // the last day against the first: the difference and its interval
        JsonNode compare = json(given().pathParam("key", series).queryParam("last", "1d")
                .queryParam("baseFrom", T0).queryParam("baseTo", T0 + DAY).get("/api/series/{key}/compare"));
        JsonNode diff = compare.path("difference").path("spearman");
        assertThat(diff.path("status").asText()).isEqualTo("OK");
        assertThat(diff.path("value").asDouble()).isCloseTo(expected[2] - expected[0], within(1e-12));
        assertThat(diff.path("lower").asDouble()).isLessThan(diff.path("value").asDouble());
        assertThat(diff.path("upper").asDouble()).isGreaterThan(diff.path("value").asDouble()).isNegative();

        // a stretch with no answers: n 0, statistics without numbers carry null, never 0.0
        JsonNode empty = json(given().pathParam("key", series).queryParam("from", T0 - 10 * DAY).queryParam("to", T0 - 9 * DAY)
                .get("/api/series/{key}/range"));
        assertThat(empty.path("window").path("n").asLong()).isZero();
        assertThat(empty.path("window").path("spearman").path("status").asText()).isEqualTo("INSUFFICIENT");
        assertThat(empty.path("window").path("spearman").has("value")).isTrue();
        assertThat(empty.path("window").path("spearman").path("value").isNull()).isTrue();
        assertThat(empty.path("window").path("spearman").path("pValue").isNull()).isTrue();
        assertThat(empty.path("window").path("icCalibration").path("ece").path("value").isNull()).isTrue();
    }

    @Test
    void badRangeParametersAreNamed() {
        String series = "m-" + UUID.randomUUID().toString().substring(0, 8) + "|range|cqp";
        given().pathParam("key", series).queryParam("from", "yesterday").get("/api/series/{key}/range")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("from"));
        given().pathParam("key", series).get("/api/series/{key}/range")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("from"));
        given().pathParam("key", series).queryParam("from", 10).queryParam("to", 5).get("/api/series/{key}/range")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("to"));
        given().pathParam("key", series).queryParam("last", "7x").get("/api/series/{key}/range")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("last"));
        given().pathParam("key", series).queryParam("last", "1d").queryParam("baseLast", "-1d").get("/api/series/{key}/compare")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("baseLast"));
        given().pathParam("key", series).queryParam("days", 0).get("/api/series/{key}/daily")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("days"));
        // an unknown series is 404 once the state is readable; before that the honest answer is 503 with Retry-After
        Response unknown = given().pathParam("key", series).queryParam("last", "1d").get("/api/series/{key}/range");
        for (long deadline = System.currentTimeMillis() + 60_000; unknown.statusCode() == 503 && System.currentTimeMillis() < deadline; ) {
            assertThat(unknown.header("Retry-After")).isNotBlank();
            sleep(500);
            unknown = given().pathParam("key", series).queryParam("last", "1d").get("/api/series/{key}/range");
        }
        assertThat(unknown.statusCode()).as(unknown.asString()).isEqualTo(404);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Spearman rho of IC against the VC level, by the definition (Pearson of mid-ranks). */
    static double rho(List<CertaintyEvent> events) {
        double[] ic = new double[events.size()], vc = new double[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ic[i] = events.get(i).ic();
            vc[i] = events.get(i).certainty().value();
        }
        return SeriesAnalysisTest.midRankPearson(ic, vc);
    }
}

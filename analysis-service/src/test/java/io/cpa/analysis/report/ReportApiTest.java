package io.cpa.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.report.CsvReport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ReportApiTest {

    static CertaintyEvent certainty(String runId, String source, long seq, double ic, CertaintyLevel level) {
        String series = "m|" + source + "|cqp";
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), series, "m", source, "cqp",
                seq, Instant.now(), Instant.now(), ic, "option-ratio@1", "A", "A", seq % 3 != 0,
                VerbalizedCertainty.ofLevel(level, level.letter() + ". " + level.phrase()), 0.2, 5, null, null, runId, "q" + seq);
    }

    /**
     * Four in five certainties of the study (32 of 40, above the minimum n of 30) carry a probabilistic VC (mass 3 on
     * the parsed level, 1 on the level below); the others say the endpoint gave no logprobs.
     */
    static CertaintyEvent withProbabilisticVc(CertaintyEvent e, int i) {
        ProbabilisticVc pvc = null;
        if (i % 5 != 0) {
            double[] masses = new double[ProbabilisticVc.LEVELS];
            int rank = e.certainty().level().rank();
            masses[rank] = 3;
            if (rank > 0) masses[rank - 1] = 1;
            pvc = ProbabilisticVc.ofMasses(masses);
        }
        return new CertaintyEvent(e.schemaVersion(), e.answerId(), e.seriesKey(), e.model(), e.source(), e.variant(), e.sequence(),
                e.answeredAt(), e.certaintyAt(), e.ic(), e.icAggregator(), e.chosenOption(), e.goldLabel(), e.correct(),
                e.certainty(), e.temperature(), e.latencyMs(), e.promptTokens(), e.completionTokens(), e.runId(),
                e.questionId(), e.route(), e.certaintyModel(), e.certaintyBy(), e.quoteCut(), pvc,
                pvc == null ? ProbabilisticVc.ABSENT_NO_LOGPROBS : null);
    }

    @Test
    void aStudysCertaintiesBecomeItsReportAndOtherRecordsAreLeftOut() throws Exception {
        String study = "study-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 1; i <= 40; i++) {
                CertaintyLevel level = CertaintyLevel.ofRank(Math.min(5, i / 8));
                kafka.sendAsync(Topics.CERTAINTIES, "m|qasc|cqp",
                        EventJson.write(withProbabilisticVc(certainty(study, "qasc", i, 0.5 + i / 100.0, level), i)));
                kafka.sendAsync(Topics.CERTAINTIES, "m|qasc|cqp", EventJson.write(certainty("other-study", "qasc", i, 0.9, level)));
            }
            kafka.sendAsync(Topics.CERTAINTIES, "m|qasc|cqp", "not json");
            kafka.flush();
        }

        String body = given().queryParam("format", "json").get("/api/reports/" + study).then().statusCode(200).extract().asString();
        JsonNode report = EventJson.mapper().readTree(body);
        assertThat(report.path("studyId").asText()).isEqualTo(study);
        assertThat(report.path("certainties").asInt()).isEqualTo(40);
        JsonNode cell = report.path("alignment").get(0).path("rows").get(0).path("cells").get(0);
        assertThat(cell.path("status").asText()).isEqualTo("OK");
        assertThat(cell.path("n").asInt()).isEqualTo(40);
        assertThat(cell.path("rho").asDouble()).isGreaterThan(0.9);
        // the probabilistic VC survives the topic and is counted over its own 32 answers
        JsonNode pvc = report.path("alignment").get(0).path("rows").get(0).path("probabilistic").get(0);
        assertThat(pvc.path("withPvc").asInt()).isEqualTo(32);
        assertThat(pvc.path("absentReason").asText()).isEqualTo(ProbabilisticVc.ABSENT_NO_LOGPROBS);
        assertThat(pvc.path("rho").path("status").asText()).isEqualTo("OK");
        assertThat(pvc.path("rho").path("n").asInt()).isEqualTo(32);
        assertThat(pvc.path("rho").path("rho").asDouble()).isGreaterThan(0.9);

        String md = given().get("/api/reports/" + study).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString();
        assertThat(md).startsWith("# Study " + study).contains("| m | 0.9").contains("VC (probabilistic, first-token expectation):");
        String csv = given().queryParam("format", "csv").get("/api/reports/" + study).then().statusCode(200).extract().asString();
        assertThat(csv.lines()).hasSize(3).first().isEqualTo(CsvReport.HEADER);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains(",OK,40,").contains(",OK,32,");
        String svg = given().get("/api/reports/" + study + "/charts/vc-levels_m_qasc_cqp.svg").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("image/svg+xml")).extract().asString();
        assertThat(svg).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("class=\"bar\"");

        given().get("/api/reports/" + study + "/charts/no-such-chart.svg").then().statusCode(404);
        given().get("/api/reports/no-such-study").then().statusCode(404);
        given().queryParam("format", "xml").get("/api/reports/" + study).then().statusCode(400);
    }
}

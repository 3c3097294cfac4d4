package io.cpa.analysis.report;

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

    @Test
    void aStudysCertaintiesBecomeItsReportAndOtherRecordsAreLeftOut() throws Exception {
        String study = "study-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            for (int i = 1; i <= 40; i++) {
                CertaintyLevel level = CertaintyLevel.ofRank(Math.min(5, i / 8));
                kafka.sendAsync(Topics.CERTAINTIES, "m|qasc|cqp", EventJson.write(certainty(study, "qasc", i, 0.5 + i / 100.0, level)));
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

        String md = given().get("/api/reports/" + study).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString();
        assertThat(md).startsWith("# Study " + study).contains("| m | 0.9");
        String csv = given().queryParam("format", "csv").get("/api/reports/" + study).then().statusCode(200).extract().asString();
        assertThat(csv.lines()).hasSize(3).first().isEqualTo("variant,temperature,model,dataset,status,n,rho,p_value,ci_lower,ci_upper");
        String svg = given().get("/api/reports/" + study + "/charts/vc-levels_m_qasc_cqp.svg").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("image/svg+xml")).extract().asString();
        assertThat(svg).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("class=\"bar\"");

        given().get("/api/reports/" + study + "/charts/no-such-chart.svg").then().statusCode(404);
        given().get("/api/reports/no-such-study").then().statusCode(404);
        given().queryParam("format", "xml").get("/api/reports/" + study).then().statusCode(400);
    }
}

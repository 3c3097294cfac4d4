package io.cpa.answer.label;

import io.cpa.answer.UpstreamStub;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer-service's entrances against the real broker, with the identities of two tenants: what one sends in
 * carries its tenant, and the other can neither label it nor see its runs and studies. The traffic entrances (proxy,
 * ingest, labels) are called with each tenant's own API key, through the product's key mechanism; the REST resources
 * with test identities. Identities are per test method, so the steps of one story are ordered methods sharing the ids
 * below.
 */
@QuarkusTest
@TestProfile(LabelsTest.ShortGrace.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantEntrancesTest {
    static final String ACME = UpstreamStub.ACME_INGEST_KEY;
    static final String GLOBEX = UpstreamStub.GLOBEX_INGEST_KEY;
    static final String ANSWER = "tenant-" + UUID.randomUUID();
    static final String SOURCE = "tenants-" + UUID.randomUUID().toString().substring(0, 8);
    static final String OPENAI = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
            + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
            + "{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}]}";
    static String runId;

    @io.quarkus.test.common.http.TestHTTPResource("/v1")
    java.net.URL proxy;
    static String studyId;

    private static void ingest(String id, String key) {
        given().header("X-CPA-Key", key).contentType(ContentType.JSON)
                .body("{\"answerId\":\"" + id + "\",\"question\":\"Where are books lent?\",\"options\":[{\"label\":\"A\",\"text\":\"a river\"},"
                        + "{\"label\":\"B\",\"text\":\"a library\"}],\"model\":\"gpt-4o\",\"source\":\"" + SOURCE + "\","
                        + "\"response\":" + OPENAI + "}")
                .post("/api/answers").then().statusCode(202);
    }

    private static ExtractableResponse<Response> label(String id, String key) {
        return given().header("X-CPA-Key", key).contentType(ContentType.JSON)
                .body("{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"goldOption\":\"B\"}").post("/api/labels").then().extract();
    }

    private static List<AnswerEvent> answers(java.util.function.Predicate<ConsumerRecord<String, String>> which, int n) {
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            return kafka.read(Topics.ANSWERS, which, n, Duration.ofSeconds(60)).stream().map(r -> EventJson.readAnswer(r.value())).toList();
        }
    }

    @Test
    @Order(1)
    void anIngestedAnswerCarriesTheCallersTenant() {
        ingest(ANSWER, ACME);
        assertThat(answers(r -> ANSWER.equals(r.key()), 1)).singleElement()
                .satisfies(a -> assertThat(a.tenant()).isEqualTo("acme"));
    }

    @Test
    @Order(1)
    void aProxiedAnswerCarriesTheCallersTenant() {
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        String body = io.cpa.answer.OpenAiCall.chat("gpt-4o-mini", tag + " Where are books lent?\nA. a river\nB. a library\nAnswer:",
                false, true, 3);
        assertThat(io.cpa.answer.OpenAiCall.post(proxy.toString(), ACME, body).statusCode()).isEqualTo(200);
        assertThat(answers(r -> r.value().contains(tag), 1)).singleElement().satisfies(a -> {
            assertThat(a.entrance()).isEqualTo("proxy");
            assertThat(a.tenant()).isEqualTo("acme");
        });
    }

    @Test
    @Order(2)
    void anotherTenantsAnswerIsAnUnknownAnswerToALabel() {
        ExtractableResponse<Response> foreign = label(ANSWER, GLOBEX);
        assertThat(foreign.statusCode()).isEqualTo(404);
        // an answer id nobody used, answered with the same body but for the id
        String unknownId = "tenant-" + UUID.randomUUID();
        ExtractableResponse<Response> unknown = label(unknownId, GLOBEX);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(foreign.asString().replace(ANSWER, "ID")).isEqualTo(unknown.asString().replace(unknownId, "ID"));
    }

    @Test
    @Order(3)
    void theAnswersOwnTenantLabelsItAndTheLabelCarriesTheTenant() {
        assertThat(label(ANSWER, ACME).statusCode()).isEqualTo(202);
        List<LabelEvent> labels = TopicClient.readAll(KafkaTestResource.bootstrapServers(), Topics.LABELS).stream()
                .filter(r -> ANSWER.equals(r.key())).map(ConsumerRecord::value).map(EventJson::readLabel).toList();
        assertThat(labels).as("globex's attempt published nothing").singleElement()
                .satisfies(l -> assertThat(l.tenant()).isEqualTo("acme"));
    }

    @Test
    @Order(4)
    @TestSecurity(user = "operator-acme", roles = "operator", attributes = @SecurityAttribute(key = "cpa.tenant", value = "acme"))
    void aRunAndAStudyOfAnOperatorPublishAnswersOfItsTenant() {
        String source = SOURCE + "-run";
        runId = given().contentType(ContentType.JSON).body("{\"limit\": 2, \"source\": \"" + source + "\"}")
                .post("/api/runs").then().statusCode(201).extract().path("id");
        assertThat(answers(r -> r.value().contains("\"source\":\"" + source + "\""), 2))
                .hasSize(2).allSatisfy(a -> assertThat(a.tenant()).isEqualTo("acme"));
        given().get("/api/runs/" + runId).then().statusCode(200);
        studyId = given().contentType(ContentType.JSON).body("{\"datasets\": [{\"name\": \"sample\", \"sample\": 1, \"limit\": 1}]}")
                .post("/api/studies").then().statusCode(201).extract().path("id");
        given().get("/api/studies/" + studyId).then().statusCode(200);
        assertThat(given().get("/api/runs").then().statusCode(200).extract().<List<String>>path("id")).contains(runId);
    }

    @Test
    @Order(5)
    @TestSecurity(user = "operator-globex", roles = "operator", attributes = @SecurityAttribute(key = "cpa.tenant", value = "globex"))
    void anotherTenantsRunIsNotFoundAsAnUnknownRunAndNotListed() {
        ExtractableResponse<Response> foreign = given().get("/api/runs/" + runId).then().extract();
        ExtractableResponse<Response> unknown = given().get("/api/runs/nosuchrn").then().extract();
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(foreign.asString().replace(runId, "ID")).isEqualTo(unknown.asString().replace("nosuchrn", "ID"));
        assertThat(given().delete("/api/runs/" + runId).then().extract().statusCode()).isEqualTo(404);
        assertThat(given().get("/api/runs").then().statusCode(200).extract().<List<String>>path("id")).doesNotContain(runId);
        assertThat(given().get("/api/studies/" + studyId).then().extract().statusCode()).isEqualTo(404);
        assertThat(given().delete("/api/studies/" + studyId).then().extract().statusCode()).isEqualTo(404);
        assertThat(given().get("/api/studies").then().statusCode(200).extract().<List<String>>path("id")).doesNotContain(studyId);
    }

    @Test
    @Order(6)
    @TestSecurity(user = "admin", roles = "admin", attributes = @SecurityAttribute(key = "cpa.tenant", value = "*"))
    void aCallerOfEveryTenantSeesTheRunAndTheStudy() {
        given().get("/api/runs/" + runId).then().statusCode(200);
        given().get("/api/studies/" + studyId).then().statusCode(200);
    }
}

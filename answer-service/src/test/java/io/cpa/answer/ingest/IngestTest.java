package io.cpa.answer.ingest;

import io.cpa.answer.UpstreamStub;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class IngestTest {
    static final String KEY = "cpa-key-two-Pq93";

    private static String answer(String id, String labelOfThirdOption) {
        return "{\"answerId\":\"" + id + "\",\"question\":\"Where are books lent?\",\"options\":[{\"label\":\"A\",\"text\":\"a river\"},"
                + "{\"label\":\"B\",\"text\":\"a library\"},{\"label\":" + labelOfThirdOption + ",\"text\":\"a bakery\"}],"
                + "\"model\":\"gpt-4o\",\"source\":\"crm\",\"response\":" + IngestedAnswerTest.OPENAI + ",\"goldLabel\":\"B\"}";
    }

    @Test
    void aValidAnswerIsAcceptedAndPublishedUnderItsId() {
        String id = "ing-" + UUID.randomUUID();
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(answer(id, "\"C\""))
                .post("/api/answers").then().statusCode(202).body("answerId", equalTo(id));
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            var records = kafka.read(Topics.ANSWERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            AnswerEvent e = EventJson.readAnswer(records.get(0).value());
            assertThat(e.entrance()).isEqualTo("ingest");
            assertThat(e.source()).isEqualTo("crm");
            assertThat(e.correct()).isTrue();
            assertThat(e.confidence().present()).isTrue();
        }
    }

    @Test
    void aBadFieldGets400NamingIt() {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body(answer("x1", "7"))
                .post("/api/answers").then().statusCode(400)
                .body("field", equalTo("options[2].label")).body("error", equalTo("must be a string"));
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body("{\"question\": ")
                .post("/api/answers").then().statusCode(400).body("field", equalTo("")).body("error", containsString("not valid JSON"));
    }

    @Test
    void aBodyThatIsNotDeclaredJsonGets415() {
        given().header("X-CPA-Key", KEY).contentType("text/plain").body(answer("x2", "\"C\""))
                .post("/api/answers").then().statusCode(415).body("error", startsWith("Content-Type must be application/json"));
        given().header("X-CPA-Key", KEY).body(new byte[]{1, 2})
                .post("/api/answers").then().statusCode(415);
    }

    @Test
    void aBodyAboveTheLimitGets413() {
        String big = "{\"question\":\"" + "x".repeat(1_100_000) + "\"}";
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(big)
                .post("/api/answers").then().statusCode(413).body("error", containsString("1048576"));
    }

    @Test
    void withoutAValidKeyNothingIsRead() {
        given().contentType(ContentType.JSON).body(answer("x3", "\"C\"")).post("/api/answers").then().statusCode(401);
        given().header("X-CPA-Key", "cpa-key-one-7Hd").contentType(ContentType.JSON).body(answer("x3", "\"C\""))
                .post("/api/answers").then().statusCode(401);
    }

    @Test
    void aBatchReportsEachItemByIndexAndPublishesTheValidOnes() {
        String ok = "bat-" + UUID.randomUUID();
        String body = "[" + answer(ok, "\"C\"") + "," + answer("bad", "\"A\"") + ", 3]";
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(body)
                .post("/api/answers/batch").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(2))
                .body("results[0].index", equalTo(0)).body("results[0].answerId", equalTo(ok))
                .body("results[1].field", equalTo("[1].options[2].label")).body("results[1].error", equalTo("duplicates an earlier label"))
                .body("results[2].field", equalTo("[2]")).body("results[2].error", equalTo("an answer must be a JSON object"));
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            assertThat(kafka.read(Topics.ANSWERS, r -> ok.equals(r.key()), 1, Duration.ofSeconds(60))).hasSize(1);
        }
    }

    @Test
    void aBatchAboveTheCountLimitGets413AndANonArray400() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 100; i++) many.append(i == 0 ? "" : ",").append("{}");
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(many.append("]").toString())
                .post("/api/answers/batch").then().statusCode(413).body("error", containsString("at most 100"));
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body("{}")
                .post("/api/answers/batch").then().statusCode(400).body("error", containsString("JSON array"));
    }
}

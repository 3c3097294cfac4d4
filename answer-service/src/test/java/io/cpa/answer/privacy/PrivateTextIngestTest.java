package io.cpa.answer.privacy;

import io.cpa.answer.UpstreamStub;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.privacy.TextDigests;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default tenant's text withheld ({@code cpa.privacy.tenants.default.text=none}, a digest key): an ingested
 * answer reaches the broker without its question, option texts, answer or logprobs, with their keyed digests.
 */
@QuarkusTest
@TestProfile(PrivateTextIngestTest.Withheld.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class PrivateTextIngestTest {
    static final byte[] DIGEST_KEY = "a digest key of the ingest test!".getBytes();
    static final String OPENAI = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
            + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
            + "{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}]}";

    public static class Withheld implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cpa.privacy.tenants.default.text", "none",
                    "cpa.privacy.digest-key", Base64.getEncoder().encodeToString(DIGEST_KEY));
        }
    }

    @Test
    void anIngestedAnswerIsPublishedWithoutItsText() {
        String id = "private-" + UUID.randomUUID();
        String marker = "zq" + UUID.randomUUID();
        String body = "{\"answerId\":\"" + id + "\",\"question\":\"Where are books lent? " + marker + "\",\"options\":[{\"label\":\"A\",\"text\":\"a river "
                + marker + "\"},{\"label\":\"B\",\"text\":\"a library\"}],\"model\":\"gpt-4o\",\"source\":\"crm\",\"response\":"
                + OPENAI + ",\"goldLabel\":\"B\"}";
        given().header("X-CPA-Key", "cpa-key-two-Pq93").contentType(ContentType.JSON).body(body)
                .post("/api/answers").then().statusCode(202);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            var records = kafka.read(Topics.ANSWERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).doesNotContain(marker).doesNotContain("library");
            AnswerEvent e = EventJson.readAnswer(records.get(0).value());
            assertThat(e.question()).isEmpty();
            assertThat(e.answerText()).isNull();
            assertThat(e.logprobs()).isNull();
            assertThat(e.confidence().present()).as("the IC, computed before").isTrue();
            assertThat(e.correct()).isTrue();
            assertThat(e.redaction().text()).isEqualTo("none");
            assertThat(e.redaction().questionDigest())
                    .isEqualTo(TextDigests.fromBase64(Optional.of(Base64.getEncoder().encodeToString(DIGEST_KEY))).digest("Where are books lent? " + marker));
            assertThat(e.redaction().sealed()).as("no transit key").isNull();
        }
    }
}

package io.cpa.answer.label;

import io.cpa.answer.UpstreamStub;
import io.cpa.event.AnswerEvent;
import io.cpa.event.AnswerHeaders;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.cpa.question.ChoiceOption;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real broker: the answer-service writes what the index of known answers needs into the headers of each
 * answer record, the index reads it from there without the value, and a record without them (as an earlier version
 * wrote) is still read from its JSON.
 */
@QuarkusTest
@TestProfile(LabelsTest.ShortGrace.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class AnswerIndexHeadersTest {

    private static void ingest(String id) {
        given().header("X-CPA-Key", UpstreamStub.ACME_INGEST_KEY).contentType(ContentType.JSON)
                .body("{\"answerId\":\"" + id + "\",\"question\":\"Where are books lent?\",\"options\":[{\"label\":\"A\",\"text\":\"a river\"},"
                        + "{\"label\":\"B\",\"text\":\"a library\"}],\"model\":\"gpt-4o\",\"source\":\"index-headers-test\","
                        + "\"response\":" + LabelsTest.OPENAI + "}")
                .post("/api/answers").then().statusCode(202);
    }

    private static KnownAnswers.Known awaitKnown(KnownAnswers index, String id) throws Exception {
        KnownAnswers.Lookup found = index.await(id, Duration.ofSeconds(60)).get();
        assertThat(found.status()).as(id).isEqualTo(KnownAnswers.Status.FOUND);
        return found.known();
    }

    private static KnownAnswers freshIndex() {
        return new KnownAnswers(100_000, Duration.ofDays(1), 4, 10, Clock.systemUTC());
    }

    @Test
    void aPublishedAnswerCarriesItsTimeOptionsAndTenantInHeadersAndTheIndexNeedsNothingElse() throws Exception {
        String id = "headers-" + UUID.randomUUID();
        ingest(id);
        ConsumerRecord<String, String> written;
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            written = kafka.read(Topics.ANSWERS, r -> id.equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
        }
        AnswerEvent answer = EventJson.readAnswer(written.value());
        assertThat(TopicClient.header(written, AnswerHeaders.CREATED_AT)).isEqualTo(Long.toString(answer.createdAt().toEpochMilli()));
        assertThat(TopicClient.header(written, AnswerHeaders.OPTIONS)).isEqualTo("A,B");
        assertThat(TopicClient.header(written, AnswerHeaders.TENANT)).isEqualTo("acme");

        // the same key and headers with a value that is not even JSON: what the index learns comes from the headers alone
        ConsumerRecord<String, String> headersOnly = new ConsumerRecord<>(Topics.ANSWERS, written.partition(), written.offset(),
                written.timestamp(), TimestampType.CREATE_TIME, -1, -1, written.key(), "not json", written.headers(), Optional.empty());
        KnownAnswers index = freshIndex();
        AnswerIndexFeed feed = new AnswerIndexFeed(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()), index,
                Duration.ofDays(1), 100_000, Clock.systemUTC());
        feed.learn(headersOnly);
        assertThat(feed.unreadable()).isZero();
        assertThat(feed.readFromValue()).isZero();
        assertThat(awaitKnown(index, id)).isEqualTo(
                new KnownAnswers.Known(id, answer.createdAt().truncatedTo(ChronoUnit.MILLIS), List.of("A", "B"), "acme"));
    }

    @Test
    void theFeedKnowsPublishedAnswersFromHeadersAndAnswersWithoutHeadersFromTheirJson() throws Exception {
        String published = "headers-" + UUID.randomUUID();
        String legacy = "legacy-" + UUID.randomUUID();
        ingest(published);
        AnswerEvent old = io.cpa.answer.model.AnswerEvents.of(new io.cpa.answer.model.AnswerEvents.Answer(legacy,
                Instant.now().truncatedTo(ChronoUnit.MICROS), "m", "s", "ingest", "openai-chat", 1, null, "q?",
                List.of(new ChoiceOption("1", "x"), new ChoiceOption("2", "y"), new ChoiceOption("3", "z")), "2", null, null,
                "none", null, null, null, null));
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, legacy, EventJson.write(old)); // no headers, as before they existed
        }
        KnownAnswers index = freshIndex();
        try (AnswerIndexFeed feed = new AnswerIndexFeed(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()), index,
                Duration.ofDays(1), 100_000, Clock.systemUTC()).start()) {
            assertThat(awaitKnown(index, published)).satisfies(k -> {
                assertThat(k.options()).containsExactly("A", "B");
                assertThat(k.tenant()).isEqualTo("acme");
            });
            assertThat(awaitKnown(index, legacy)).isEqualTo(
                    new KnownAnswers.Known(legacy, old.createdAt().truncatedTo(ChronoUnit.MILLIS), List.of("1", "2", "3"), "default"));
            assertThat(feed.readFromValue()).isPositive();
            assertThat(feed.unreadable()).isZero();
        }
    }
}

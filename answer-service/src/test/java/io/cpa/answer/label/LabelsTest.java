package io.cpa.answer.label;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cpa.answer.UpstreamStub;
import io.cpa.answer.proxy.ProxyRoute;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The labels API against the real broker: answers ingested, labels posted, the records on cpa.labels read back. */
@QuarkusTest
@TestProfile(LabelsTest.ShortGrace.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class LabelsTest {
    static final String KEY = "cpa-key-two-Pq93";
    static final String OPENAI = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
            + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
            + "{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}]}";

    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cpa.labels.grace", "5s", "cpa.labels.max-batch", "5");
        }
    }

    @TestHTTPResource("/api/labels")
    URL labels;

    @TestHTTPResource("/v1")
    URL proxy;

    private static String newId() {
        return "lab-" + UUID.randomUUID();
    }

    /** An answer with options A, B, C through the ingest API, acknowledged by the broker. */
    private static void ingest(String id) {
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON)
                .body("{\"answerId\":\"" + id + "\",\"question\":\"Where are books lent?\",\"options\":[{\"label\":\"A\",\"text\":\"a river\"},"
                        + "{\"label\":\"B\",\"text\":\"a library\"},{\"label\":\"C\",\"text\":\"a bakery\"}],\"model\":\"gpt-4o\","
                        + "\"source\":\"labels-test\",\"response\":" + OPENAI + "}")
                .post("/api/answers").then().statusCode(202);
    }

    private static ValidatableResponse post(String body) {
        return given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(body).post("/api/labels").then();
    }

    private static double pending() {
        for (String line : given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith("cpa_labels_pending ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        throw new AssertionError("no cpa_labels_pending gauge");
    }

    private static List<LabelEvent> published(String answerId) {
        return TopicClient.readAll(KafkaTestResource.bootstrapServers(), Topics.LABELS).stream()
                .filter(r -> answerId.equals(r.key())).map(ConsumerRecord::value).map(EventJson::readLabel).toList();
    }

    @Test
    void aLabelOfAnIngestedAnswerIsPublishedKeyedByItsAnswerIdWithEveryField() {
        String id = newId();
        ingest(id);
        String labelId = post("{\"answerId\":\"" + id + "\",\"labeller\":\"human:ana\",\"goldOption\":\"b\","
                + "\"labelledAt\":\"2030-01-01T00:00:00+01:00\"}")
                .statusCode(400).body("field", equalTo("labelledAt")).body("error", containsString("future")).extract().path("labelId");
        assertThat(labelId).isNull();
        Instant before = Instant.now();
        String at = before.minusSeconds(1).toString();
        labelId = post("{\"answerId\":\"" + id + "\",\"labeller\":\"human:ana\",\"goldOption\":\"b\",\"labelledAt\":\"" + at + "\"}")
                .statusCode(202).body("status", equalTo("accepted")).body("answerId", equalTo(id)).body("labeller", equalTo("human:ana"))
                .body("labelId", notNullValue()).extract().path("labelId");
        List<LabelEvent> records = published(id);
        assertThat(records).hasSize(1);
        LabelEvent e = records.get(0);
        assertThat(e.labelId()).isEqualTo(labelId);
        assertThat(e.answerId()).isEqualTo(id);
        assertThat(e.labeller()).isEqualTo("human:ana");
        assertThat(e.goldOption()).as("written as the answer spells the option").isEqualTo("B");
        assertThat(e.correct()).isNull();
        assertThat(e.score()).isNull();
        assertThat(e.labelledAt()).isEqualTo(Instant.parse(at));
        assertThat(e.receivedAt()).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(e.kind()).isEqualTo(io.cpa.label.LabelKind.HUMAN);
        assertThat(e.correctFor("B")).isTrue();
    }

    @Test
    void aLabelPostedBeforeItsAnswerWaitsForItWithinTheGrace() throws Exception {
        String id = newId();
        CompletableFuture<HttpResponse<String>> label = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(labels.toString()))
                .header("X-CPA-Key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"answerId\":\"" + id + "\",\"labeller\":\"judge:gpt-4o\",\"score\":0.8,\"threshold\":0.7}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        // the label waits for its answer, which is ingested only then
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pending() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(pending()).isEqualTo(1);
        ingest(id);
        HttpResponse<String> reply = label.get();
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        List<LabelEvent> records = published(id);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).score()).isEqualTo(0.8);
        assertThat(records.get(0).threshold()).isEqualTo(0.7);
        assertThat(records.get(0).correctFor(null)).isTrue();
    }

    @Test
    void aLabelOfAnAnswerNeverSeenIs404AfterTheGrace() {
        String id = newId();
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"correct\":true}")
                .statusCode(404).body("field", equalTo("answerId")).body("error", containsString(id)).body("error", containsString("unknown"));
        assertThat(published(id)).isEmpty();
    }

    @Test
    void eachBadFieldGets400NamingIt() {
        String id = newId();
        ingest(id);
        String a = "\"answerId\":\"" + id + "\"";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{" + a + ",\"labeller\":\"robot\",\"correct\":true}", "labeller");
        bodies.put("{" + a + ",\"correct\":true}", "labeller");
        bodies.put("{" + a + ",\"labeller\":\"judge\",\"correct\":true}", "labeller");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"score\":1.5}", "score");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"score\":\"high\"}", "score");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"score\":0.5,\"threshold\":-0.1}", "threshold");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"correct\":true,\"threshold\":0.5}", "threshold");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"goldOption\":\"\"}", "goldOption");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"goldOption\":\"D\"}", "goldOption");
        bodies.put("{\"answerId\":\"\",\"labeller\":\"human\",\"correct\":true}", "answerId");
        bodies.put("{\"answerId\":7,\"labeller\":\"human\",\"correct\":true}", "answerId");
        bodies.put("{\"labeller\":\"human\",\"correct\":true}", "answerId");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"correct\":true,\"labelledAt\":\"yesterday\"}", "labelledAt");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"correct\":true,\"labelledAt\":\"2001-01-01T00:00:00Z\"}", "labelledAt");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"correct\":\"yes\"}", "correct");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"correct\":true,\"score\":0.9}", "correct,score");
        bodies.put("{" + a + ",\"labeller\":\"human\"}", "goldOption,correct,score");
        bodies.put("{" + a + ",\"labeller\":\"human\",\"corect\":true}", "corect");
        bodies.put("[]", "");
        bodies.forEach((body, field) -> post(body).statusCode(400).body("field", equalTo(field)));
        post("{" + a + ",\"labeller\":\"human\",\"goldOption\":\"D\"}").body("error", equalTo("'D' is not one of the answer's options [A, B, C]"));
        post("{\"answerId\": ").statusCode(400).body("field", equalTo("")).body("error", containsString("not valid JSON"));
        assertThat(published(id)).isEmpty();
    }

    @Test
    void aRepeatedJudgementIsADuplicateAndAChangedOneReplacesIt() {
        String id = newId();
        ingest(id);
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"user-feedback\",\"correct\":false}")
                .statusCode(202);
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"user-feedback\",\"correct\":false}")
                .statusCode(200).body("status", equalTo("duplicate")).body("labelId", nullValue());
        assertThat(published(id)).hasSize(1);
        // another labeller's identical verdict is its own label
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"correct\":false}").statusCode(202);
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"user-feedback\",\"correct\":true}").statusCode(202).body("status", equalTo("accepted"));
        List<LabelEvent> records = published(id);
        assertThat(records).extracting(LabelEvent::labeller).containsExactly("user-feedback", "human", "user-feedback");
        assertThat(records).extracting(LabelEvent::correct).containsExactly(false, false, true);
        // the changed judgement is now the one a repeat duplicates
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"user-feedback\",\"correct\":true}").statusCode(200);
        assertThat(published(id)).hasSize(3);
    }

    @Test
    void aBatchAnswersEachItemInOrder() {
        String id = newId();
        ingest(id);
        String unknown = newId();
        String body = "[{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"goldOption\":\"C\"},"
                + "{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"goldOption\":\"C\"},"
                + "{\"answerId\":\"" + id + "\",\"labeller\":\"judge:m\",\"score\":2},"
                + "{\"answerId\":\"" + unknown + "\",\"labeller\":\"human\",\"correct\":true},"
                + "7]";
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body(body).post("/api/labels/batch").then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(1)).body("rejected", equalTo(3))
                .body("results[0].index", equalTo(0)).body("results[0].code", equalTo(202)).body("results[0].status", equalTo("accepted"))
                .body("results[1].code", equalTo(200)).body("results[1].status", equalTo("duplicate"))
                .body("results[2].code", equalTo(400)).body("results[2].field", equalTo("[2].score"))
                .body("results[3].code", equalTo(404)).body("results[3].field", equalTo("[3].answerId"))
                .body("results[4].code", equalTo(400)).body("results[4].field", equalTo("[4]"));
        assertThat(published(id)).hasSize(1);
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body("{}").post("/api/labels/batch").then()
                .statusCode(400).body("error", containsString("JSON array"));
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body("[1,2,3,4,5,6]").post("/api/labels/batch").then()
                .statusCode(413).body("error", containsString("at most 5"));
    }

    @Test
    void withoutAValidKeyOrJsonNothingIsRead() {
        String body = "{\"answerId\":\"x\",\"labeller\":\"human\",\"correct\":true}";
        given().contentType(ContentType.JSON).body(body).post("/api/labels").then().statusCode(401);
        given().header("X-CPA-Key", "cpa-key-one-7Hd").contentType(ContentType.JSON).body(body).post("/api/labels").then().statusCode(401);
        given().header("Authorization", "Bearer nope").contentType(ContentType.JSON).body("[]").post("/api/labels/batch").then().statusCode(401);
        given().header("X-CPA-Key", KEY).contentType("text/plain").body(body).post("/api/labels").then().statusCode(415);
        given().header("X-CPA-Key", KEY).contentType(ContentType.JSON).body("[\"" + "x".repeat(1_100_000) + "\"]")
                .post("/api/labels/batch").then().statusCode(413).body("error", containsString("1048576"));
    }

    @Test
    void anIndexFedOnlyByTheTopicsKnowsTheAnswersAndLabelsThisInstancePublished() throws Exception {
        String id = newId();
        ingest(id);
        post("{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"goldOption\":\"A\"}").statusCode(202);
        // a second instance: its own index, fed by its own reader of the topics only
        KnownAnswers other = new KnownAnswers(1000, Duration.ofDays(1), 4, 10, Clock.systemUTC());
        try (AnswerIndexFeed feed = new AnswerIndexFeed(java.util.Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()), other, Duration.ofDays(1), 1000,
                Clock.systemUTC()).start()) {
            KnownAnswers.Lookup found = other.await(id, Duration.ofSeconds(60)).get();
            assertThat(found.status()).isEqualTo(KnownAnswers.Status.FOUND);
            assertThat(found.known().options()).containsExactly("A", "B", "C");
            LabelDesk desk = new LabelDesk(other, label -> CompletableFuture.failedFuture(new AssertionError("must not publish " + label)),
                    new LabelDesk.Settings(Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofDays(1)),
                    Clock.systemUTC());
            // once loaded, the label the first instance published is known to the second: a repeat is a duplicate there too
            while (!other.loaded()) Thread.sleep(50);
            LabelOutcome repeat = desk.submit(io.cpa.event.EventJson.mapper().readTree(
                    "{\"answerId\":\"" + id + "\",\"labeller\":\"human\",\"goldOption\":\"A\"}"), io.cpa.auth.Tenants.DEFAULT).get();
            assertThat(repeat.status()).isEqualTo(LabelOutcome.DUPLICATE);
            assertThat(feed.unreadable()).isZero();
        }
    }

    @Test
    void proxiedAnswersAreLabelledByTheIdTheSdkReadsInTheReplyHeader() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(proxy.toString()).apiKey("cpa-key-one-7Hd2").maxRetries(0).build();
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        ChatCompletionCreateParams two = ChatCompletionCreateParams.builder().model("gpt-4o-mini").n(2)
                .addUserMessage(tag + " Where are books lent?\nA. a river\nB. a library\nAnswer:").build();
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(two);
        List<String> header = raw.headers().values(ProxyRoute.ANSWER_ID_HEADER);
        assertThat(header).hasSize(1);
        assertThat(raw.parse().choices()).hasSize(2);
        String exchange = header.get(0);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            assertThat(kafka.read(Topics.ANSWERS, r -> r.value().contains(tag), 2, Duration.ofSeconds(60)))
                    .extracting(ConsumerRecord::key).containsExactlyInAnyOrder(exchange + ":0", exchange + ":1");
        }
        post("{\"answerId\":\"" + exchange + ":1\",\"labeller\":\"human\",\"goldOption\":\"B\"}").statusCode(202);
        assertThat(published(exchange + ":1")).extracting(LabelEvent::goldOption).containsExactly("B");

        String streamTag = "t" + UUID.randomUUID().toString().replace("-", "");
        ChatCompletionCreateParams one = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage(streamTag + " What is the capital of France?").build();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> streamed = client.chat().completions().withRawResponse().createStreaming(one);
        String streamedId = streamed.headers().values(ProxyRoute.ANSWER_ID_HEADER).get(0);
        try (StreamResponse<ChatCompletionChunk> chunks = streamed.parse()) {
            assertThat(chunks.stream().count()).isPositive();
        }
        // the label may reach this instance before the answer it was told about is acknowledged: it waits for it
        post("{\"answerId\":\"" + streamedId + "\",\"labeller\":\"user-feedback\",\"correct\":false}").statusCode(202);
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            assertThat(kafka.read(Topics.ANSWERS, r -> r.value().contains(streamTag), 1, Duration.ofSeconds(60)))
                    .extracting(ConsumerRecord::key).containsExactly(streamedId);
        }
    }

    @Test
    void aRunCanWithholdItsGoldLabelsAndPostThemLate() throws Exception {
        String source = "late-" + UUID.randomUUID().toString().substring(0, 8);
        String runId = given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"limit\": 3, \"model\": \"second-model\", \"source\": \"" + source + "\","
                        + " \"labels\": {\"coverage\": 1.0, \"delay\": \"PT1S\", \"labeller\": \"judge:oracle\"}}")
                .post("/api/runs").then().statusCode(201).extract().path("id");
        List<io.cpa.event.AnswerEvent> answers;
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            answers = kafka.read(Topics.ANSWERS, r -> r.value().contains("\"source\":\"" + source + "\""), 3, Duration.ofSeconds(60))
                    .stream().map(r -> EventJson.readAnswer(r.value())).toList();
        }
        assertThat(answers).hasSize(3).allSatisfy(a -> {
            assertThat(a.goldLabel()).as("withheld").isNull();
            assertThat(a.correct()).isNull();
        });
        for (io.cpa.event.AnswerEvent a : answers) {
            List<LabelEvent> late = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (late.isEmpty() && System.nanoTime() < deadline) late = published(a.answerId());
            assertThat(late).singleElement().satisfies(l -> {
                assertThat(l.labeller()).isEqualTo("judge:oracle");
                assertThat(a.options()).extracting(io.cpa.question.ChoiceOption::label).contains(l.goldOption());
                assertThat(l.labelledAt()).isEqualTo(a.createdAt().plusSeconds(1));
            });
        }
        given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/api/runs/" + runId).then().statusCode(200).body("labels.scheduled", equalTo(3)).body("labels.accepted", equalTo(3));
        given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"limit\": 1, \"labels\": {\"coverage\": 2}}").post("/api/runs").then()
                .statusCode(400);
    }
}

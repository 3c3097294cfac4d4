package io.cpa.answer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.answer.OpenAiCall;
import io.cpa.answer.UpstreamStub;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Benchmark runs and studies name their models from the routing table the proxy uses. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class RoutedRunTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api")
    URL api;

    static List<AnswerEvent> answersOf(String source, int n) {
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            return kafka.read(Topics.ANSWERS, r -> r.value().contains("\"source\":\"" + source + "\""), n, Duration.ofSeconds(60))
                    .stream().map(r -> EventJson.readAnswer(r.value())).toList();
        }
    }

    @Test
    void aRunAsksItsModelOnThatModelsRouteAndRecordsTheRoute() throws Exception {
        String source = "routed-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<byte[]> r = OpenAiCall.send("POST", api + "/runs", UpstreamStub.ADMIN_KEY,
                "{\"limit\": 2, \"model\": \"second-model\", \"source\": \"" + source + "\"}");
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        List<AnswerEvent> answers = answersOf(source, 2);
        assertThat(answers).hasSize(2).allSatisfy(e -> {
            assertThat(e.model()).isEqualTo("second-model");
            assertThat(e.route()).isEqualTo("second");
            assertThat(e.entrance()).isEqualTo("benchmark");
            // the sample set's labels are 1-4 and the stub answers "B": a labelled answer naming no option is incorrect
            assertThat(e.answerText()).isEqualTo("B");
            assertThat(e.chosenOption()).isNull();
            assertThat(e.goldLabel()).isNotNull();
            assertThat(e.correct()).isFalse();
            assertThat(e.logprobs().topK()).isEqualTo(5);
        });
        // the stub remembers requests by the prompt's first word; every answer prompt of the second route carried its key
        assertThat(UpstreamStub.RECEIVED.values()).anySatisfy(rec -> {
            assertThat(rec.body().path("model").asText()).isEqualTo("second-model");
            assertThat(rec.authorization()).isEqualTo("Bearer " + UpstreamStub.SECOND_KEY);
        });
    }

    @Test
    void aRunOrStudyOfAModelWithoutARouteIsRefusedNamingTheField() throws Exception {
        HttpResponse<byte[]> run = OpenAiCall.send("POST", api + "/runs", UpstreamStub.ADMIN_KEY, "{\"limit\": 1, \"model\": \"nobody\"}");
        assertThat(run.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(run.body()).path("error").asText()).startsWith("model: model 'nobody' has no route");
        HttpResponse<byte[]> study = OpenAiCall.send("POST", api + "/studies", UpstreamStub.ADMIN_KEY,
                "{\"models\": [{\"name\": \"stub-configured\"}, {\"name\": \"nobody\"}], \"datasets\": [{\"name\": \"sample\", \"limit\": 1}]}");
        assertThat(study.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(study.body());
        assertThat(body.toString()).contains("models[1].name");
    }
}

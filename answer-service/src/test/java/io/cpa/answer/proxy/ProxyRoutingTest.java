package io.cpa.answer.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.answer.OpenAiCall;
import io.cpa.answer.UpstreamStub;
import io.cpa.confidence.ConfidenceSource;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Model routes, the paths the proxy does not serve, the requests it judges itself, and reply kinds over HTTP. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class ProxyRoutingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    static List<AnswerEvent> published(String tag, int n) {
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            return kafka.read(Topics.ANSWERS, r -> r.value().contains(tag), n, Duration.ofSeconds(60)).stream()
                    .map(r -> EventJson.readAnswer(r.value())).toList();
        }
    }

    static JsonNode error(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).as(error.toString()).isTrue();
        return error;
    }

    HttpResponse<byte[]> post(String path, String body) {
        return OpenAiCall.send("POST", url(path), ProxyTest.KEY, body);
    }

    @Test
    void eachModelGoesToItsRouteWithThatRoutesKeyAndTheAnswerRecordsTheRouteNeverTheKey() throws Exception {
        String tag = tag();
        HttpResponse<byte[]> r = post("/v1/chat/completions", OpenAiCall.chat("second-model", tag + " hello", false, null, null));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(UpstreamStub.RECEIVED.get(tag).authorization()).isEqualTo("Bearer " + UpstreamStub.SECOND_KEY);
        AnswerEvent e = published(tag, 1).get(0);
        assertThat(e.route()).isEqualTo("second");
        assertThat(e.model()).isEqualTo("second-model");
        assertThat(EventJson.write(e)).doesNotContain(UpstreamStub.SECOND_KEY).doesNotContain(UpstreamStub.UPSTREAM_KEY);
    }

    @Test
    void aPassThroughRouteForwardsTheCallersOwnKeyAndWantsTheProxyKeyInItsOwnHeader() throws Exception {
        String tag = tag();
        HttpResponse<byte[]> ok = OpenAiCall.post(url("/v1"), "sk-callers-own-Rt55", OpenAiCall.chat("tunnel-model", tag + " hello", false, null, null),
                "X-CPA-Key", ProxyTest.KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(UpstreamStub.RECEIVED.get(tag).authorization()).isEqualTo("Bearer sk-callers-own-Rt55");
        assertThat(published(tag, 1).get(0).route()).isEqualTo("tunnel");
        // the proxy key as the bearer token would go upstream on this route: refused, and nothing is forwarded
        String refused = tag();
        HttpResponse<byte[]> r = post("/v1/chat/completions", OpenAiCall.chat("tunnel-model", refused + " hello", false, null, null));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(error(r).path("message").asText()).contains("X-CPA-Key");
        assertThat(UpstreamStub.RECEIVED).doesNotContainKey(refused);
    }

    @Test
    void anUnknownModelGetsOpenAisModelNotFound() throws Exception {
        for (String path : List.of("/v1/chat/completions", "/v1/responses")) {
            String body = path.endsWith("responses") ? "{\"model\":\"no-such-model\",\"input\":\"hi\"}" : OpenAiCall.chat("no-such-model", "hi", false, null, null);
            HttpResponse<byte[]> r = post(path, body);
            assertThat(r.statusCode()).isEqualTo(404);
            JsonNode error = error(r);
            assertThat(error.path("code").asText()).isEqualTo("model_not_found");
            assertThat(error.path("param").asText()).isEqualTo("model");
            assertThat(error.path("message").asText()).contains("no-such-model");
        }
    }

    @Test
    void everyPathTheProxyDoesNotServeAnswersOpenAisErrorJsonAndTheServicesOwnApiStillAnswers() throws Exception {
        for (String[] call : List.of(new String[]{"GET", "/v1/embeddings"}, new String[]{"POST", "/v1/completions"},
                new String[]{"GET", "/v1/chat/completions"}, new String[]{"GET", "/nowhere"}, new String[]{"DELETE", "/v1/models/x"})) {
            // the proxy's key (role ingest) opens /v1; a path outside every rule needs admin
            String key = call[1].startsWith("/v1") ? ProxyTest.KEY : io.cpa.answer.UpstreamStub.ADMIN_KEY;
            HttpResponse<byte[]> r = OpenAiCall.send(call[0], url(call[1]), key, call[0].equals("POST") ? "{}" : null);
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
            JsonNode error = error(r);
            assertThat(error.path("message").asText()).contains(call[1]);
            assertThat(error.path("code").asText()).isEqualTo("unknown_url");
        }
        assertThat(OpenAiCall.send("GET", url("/api/runs"), io.cpa.answer.UpstreamStub.ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(OpenAiCall.send("GET", url("/api/runs"), ProxyTest.KEY, null).statusCode()).as("ingest may not see runs").isEqualTo(403);
        assertThat(OpenAiCall.send("GET", url("/api/runs"), null, null).statusCode()).isEqualTo(401);
        assertThat(OpenAiCall.send("GET", url("/q/health/live"), null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void modelsAreListedByTheFirstRouteWhenThereIsNoDefaultWithThatRoutesKey() throws Exception {
        HttpResponse<byte[]> r = OpenAiCall.send("GET", url("/v1/models"), ProxyTest.KEY, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("data").path(0).path("id").asText()).isEqualTo("stub-1");
        // routes by name: "second" before "stub"
        assertThat(UpstreamStub.modelsAuthorization).isEqualTo("Bearer " + UpstreamStub.SECOND_KEY);
        assertThat(OpenAiCall.send("GET", url("/v1/models"), "sk-wrong", null).statusCode()).isEqualTo(401);
    }

    @Test
    void requestsTheProxyCannotRouteOrRewriteGetA400NamingTheField() throws Exception {
        Object[][] cases = {
                {"/v1/chat/completions", "[1]", null},
                {"/v1/chat/completions", "{\"messages\":[]}", "model"},
                {"/v1/chat/completions", "{\"model\":\"m\",\"stream\":\"yes\"}", "stream"},
                {"/v1/chat/completions", "{\"model\":\"m\",\"logprobs\":\"no\"}", "logprobs"},
                {"/v1/responses", "{\"model\":\"gpt-4.1\",\"include\":\"message.output_text.logprobs\"}", "include"},
        };
        for (Object[] c : cases) {
            HttpResponse<byte[]> r = post((String) c[0], (String) c[1]);
            assertThat(r.statusCode()).as((String) c[1]).isEqualTo(400);
            JsonNode error = error(r);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            if (c[2] == null) assertThat(error.path("param").isNull()).isTrue();
            else assertThat(error.path("param").asText()).isEqualTo(c[2]);
        }
    }

    @Test
    void aCallersLogprobsNullStaysNullAndSeveralChoicesAreSeveralAnswers() throws Exception {
        String tag = tag();
        String body = "{\"model\":\"gpt-4o-mini\",\"n\":2,\"logprobs\":null,\"messages\":[{\"role\":\"user\",\"content\":\"" + tag
                + " Where are books lent?\\nA. a river\\nB. a library\\nAnswer:\"}]}";
        HttpResponse<byte[]> r = post("/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(r.body());
        assertThat(reply.path("choices")).hasSize(2);
        for (JsonNode choice : reply.path("choices")) {
            assertThat(choice.has("logprobs")).isTrue();
            assertThat(choice.get("logprobs").isNull()).isTrue();
        }
        assertThat(UpstreamStub.RECEIVED.get(tag).body().path("logprobs").asBoolean()).isTrue();
        List<AnswerEvent> events = published(tag, 2).stream().sorted(Comparator.comparing(AnswerEvent::choiceIndex)).toList();
        assertThat(events).extracting(AnswerEvent::choiceIndex).containsExactly(0, 1);
        assertThat(events).extracting(AnswerEvent::chosenOption).containsExactly("B", "B");
        assertThat(events).extracting(AnswerEvent::answerId).doesNotHaveDuplicates();
    }

    @Test
    void aReplyOfToolCallsIsPassedOnAndPublishedAsAnAnswerWithoutText() throws Exception {
        String tag = tag();
        HttpResponse<byte[]> r = post("/v1/chat/completions", OpenAiCall.chat("gpt-4o-mini", tag + " [tools] look it up", false, null, null));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("choices").path(0).path("message").path("tool_calls")).hasSize(1);
        AnswerEvent e = published(tag, 1).get(0);
        assertThat(e.noTextReason()).isEqualTo("tool-calls");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(e.confidence().missingReason()).isEqualTo("no answer text: tool-calls");
    }

    @Test
    void aReasoningModelRefusingResponsesLogprobsIsAskedAsTheCallerAskedAndRemembered() throws Exception {
        String tag = tag();
        String body = "{\"model\":\"gpt-4.1-reasoner\",\"include\":[\"reasoning.encrypted_content\"],\"input\":\"" + tag + " [refuse-logprobs] hi\"}";
        HttpResponse<byte[]> r = post("/v1/responses", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Paris is it.");
        // the last request upstream was the caller's own, include entries and all
        JsonNode last = UpstreamStub.RECEIVED.get(tag).body();
        assertThat(last.path("include").toString()).isEqualTo("[\"reasoning.encrypted_content\"]");
        assertThat(last.has("top_logprobs")).isFalse();
        AnswerEvent e = published(tag, 1).get(0);
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(e.answerText()).isEqualTo("Paris is it.");

        String again = tag();
        assertThat(post("/v1/responses", "{\"model\":\"gpt-4.1-reasoner\",\"input\":\"" + again + " [refuse-logprobs] hi\"}").statusCode()).isEqualTo(200);
        assertThat(UpstreamStub.RECEIVED.get(again).body().has("include")).as("remembered: not asked again").isFalse();
    }
}

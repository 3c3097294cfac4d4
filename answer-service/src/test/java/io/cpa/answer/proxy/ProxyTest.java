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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class ProxyTest {
    static final String KEY = "cpa-key-one-7Hd2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1")
    URL proxy;

    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String mcPrompt(String tag) {
        return tag + " Where are books lent?\nA. a river\nB. a library\nC. a bakery\nAnswer:";
    }

    private static AnswerEvent published(TopicClient kafka, String tag) {
        List<ConsumerRecord<String, String>> records = kafka.read(Topics.ANSWERS, r -> r.value().contains(tag), 1, Duration.ofSeconds(60));
        assertThat(records).hasSize(1);
        return EventJson.readAnswer(records.get(0).value());
    }

    @Test
    void aReplyWithTheCallersOwnLogprobsIsByteIdenticalToCallingTheUpstream() {
        String tag = tag();
        String body = OpenAiCall.chat("gpt-4o-mini", mcPrompt(tag), false, true, 3);
        HttpResponse<byte[]> direct = OpenAiCall.post(UpstreamStub.baseUrl(), UpstreamStub.UPSTREAM_KEY, body);
        HttpResponse<byte[]> viaProxy = OpenAiCall.post(proxy.toString(), KEY, body, "X-CPA-App", "library-bot", "X-CPA-Route", "faq");

        assertThat(viaProxy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.body()).isEqualTo(direct.body());
        assertThat(viaProxy.headers().firstValue("Content-Type")).isEqualTo(direct.headers().firstValue("Content-Type"));
        assertThat(viaProxy.headers().firstValue("X-Request-Id")).hasValue("req-stub-2");
        // the configured upstream key replaced the caller's proxy key
        assertThat(UpstreamStub.RECEIVED.get(tag).authorization()).isEqualTo("Bearer " + UpstreamStub.UPSTREAM_KEY);

        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            AnswerEvent e = published(kafka, tag);
            assertThat(e.entrance()).isEqualTo("proxy");
            assertThat(e.model()).isEqualTo("gpt-4o-mini");
            assertThat(e.source()).isEqualTo("library-bot/faq");
            assertThat(e.multipleChoice()).isTrue();
            assertThat(e.question()).isEqualTo(tag + " Where are books lent?");
            assertThat(e.options()).extracting(o -> o.label() + "=" + o.text()).containsExactly("A=a river", "B=a library", "C=a bakery");
            assertThat(e.chosenOption()).isEqualTo("B");
            assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.LOGPROBS);
            // Algorithm 1 over the top-3 B, A, C: p(B) / (p(A) + p(B) + p(C))
            double pb = Math.exp(-0.2), pa = Math.exp(-1.9), pc = Math.exp(-3.0);
            assertThat(e.confidence().value()).isCloseTo(pb / (pa + pb + pc), within(1e-12));
            assertThat(e.temperature()).isEqualTo(0.2);
        }
    }

    @Test
    void withoutLogprobsTheProxyAsksForThemAndRemovesThemFromTheReply() throws Exception {
        String tag = tag();
        String body = OpenAiCall.chat("gpt-4o-mini", mcPrompt(tag), false, null, null);
        HttpResponse<byte[]> viaProxy = OpenAiCall.post(proxy.toString(), KEY, body);
        assertThat(viaProxy.statusCode()).isEqualTo(200);

        JsonNode asked = UpstreamStub.RECEIVED.get(tag).body();
        assertThat(asked.path("logprobs").asBoolean()).isTrue();
        assertThat(asked.path("top_logprobs").asInt()).isEqualTo(5);
        assertThat(asked.path("temperature").asDouble()).isEqualTo(0.2);

        // the caller gets what the upstream says to its own request: "logprobs": null, the key kept
        JsonNode expected = JSON.readTree(OpenAiCall.post(UpstreamStub.baseUrl(), UpstreamStub.UPSTREAM_KEY, body).body());
        assertThat(expected.path("choices").path(0).has("logprobs")).isTrue();
        assertThat(JSON.readTree(viaProxy.body())).isEqualTo(expected);
        assertThat(new String(viaProxy.body(), StandardCharsets.UTF_8)).contains("\"logprobs\":null").doesNotContain("top_logprobs");

        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            AnswerEvent e = published(kafka, tag);
            assertThat(e.source()).isEqualTo("proxy");
            assertThat(e.logprobs().topK()).isEqualTo(5);
            assertThat(e.confidence().present()).isTrue();
        }
    }

    @Test
    void aStreamWithTheCallersOwnLogprobsIsByteIdenticalAndItsAnswerIsCollectedFromAllChunks() {
        String tag = tag();
        String prompt = tag + " What is the capital of France?";
        String body = OpenAiCall.chat("gpt-4o-mini", prompt, true, true, 2);
        HttpResponse<byte[]> direct = OpenAiCall.post(UpstreamStub.baseUrl(), UpstreamStub.UPSTREAM_KEY, body);
        HttpResponse<byte[]> viaProxy = OpenAiCall.post(proxy.toString(), KEY, body, "X-CPA-Route", "geo");

        assertThat(viaProxy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(viaProxy.body()).isEqualTo(direct.body());

        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            AnswerEvent e = published(kafka, tag);
            assertThat(e.endpoint()).isEqualTo("openai-chat-stream");
            assertThat(e.source()).isEqualTo("geo");
            assertThat(e.multipleChoice()).isFalse();
            assertThat(e.answerText()).isEqualTo("Paris is it.");
            assertThat(e.logprobs().tokens()).hasSize(4);
            // free-form: the geometric mean token probability
            assertThat(e.confidence().aggregator()).isEqualTo("mean-logprob");
            assertThat(e.confidence().value()).isCloseTo(Math.exp((-0.1 - 0.05 - 0.001 - 0.3) / 4), within(1e-12));
        }
    }

    @Test
    void aStreamWithoutLogprobsReachesTheCallerWithoutThemAndTheEventStillHasThem() throws Exception {
        String tag = tag();
        String body = OpenAiCall.chat("gpt-4o-mini", tag + " What is the capital of France?", true, null, null);
        HttpResponse<byte[]> viaProxy = OpenAiCall.post(proxy.toString(), KEY, body);
        assertThat(viaProxy.statusCode()).isEqualTo(200);
        String text = new String(viaProxy.body(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("top_logprobs").endsWith("data: [DONE]\n\n").contains(": keep-alive\n\n");
        // every event as the upstream streams it to a request without logprobs: "logprobs": null in each chunk
        assertThat(text).isEqualTo(new String(OpenAiCall.post(UpstreamStub.baseUrl(), UpstreamStub.UPSTREAM_KEY, body).body(),
                StandardCharsets.UTF_8));
        StringBuilder content = new StringBuilder();
        for (String event : text.split("\n\n")) {
            if (!event.startsWith("data: {")) continue;
            JsonNode chunk = JSON.readTree(event.substring(6));
            content.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(content.toString()).isEqualTo("Paris is it.");
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            AnswerEvent e = published(kafka, tag);
            assertThat(e.logprobs().tokens()).extracting(t -> t.token()).containsExactly("Paris", " is", " it", ".");
        }
    }

    @Test
    void anUpstreamErrorPassesThroughUnchangedAndPublishesNothing() {
        String tag = tag();
        String body = OpenAiCall.chat("gpt-4o-mini", tag + " [status429] hello", false, null, null);
        HttpResponse<byte[]> direct = OpenAiCall.post(UpstreamStub.baseUrl(), UpstreamStub.UPSTREAM_KEY, body);
        HttpResponse<byte[]> viaProxy = OpenAiCall.post(proxy.toString(), KEY, body);
        assertThat(viaProxy.statusCode()).isEqualTo(429);
        assertThat(viaProxy.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(viaProxy.body()).isEqualTo(direct.body());
    }

    @Test
    void aCallerWithoutAValidKeyIsRefusedInTheShapeOpenAiClientsRead() throws Exception {
        HttpResponse<byte[]> r = OpenAiCall.post(proxy.toString(), "sk-wrong", OpenAiCall.chat("m", "hi", false, null, null));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("API key");
        HttpResponse<byte[]> second = OpenAiCall.post(proxy.toString(), "ignored", OpenAiCall.chat("m", tag() + " hi", false, null, null),
                "X-CPA-Key", "cpa-key-two-Pq93");
        assertThat(second.statusCode()).as("the second configured key, in X-CPA-Key").isEqualTo(200);
    }
}

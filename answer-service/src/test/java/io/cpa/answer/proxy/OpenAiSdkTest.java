package io.cpa.answer.proxy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The official OpenAI Java SDK against the proxy and against the upstream directly: every reply the SDK reads through
 * the proxy equals the one it reads from the upstream (the SDK's models compare every field), and each answer is
 * published with the caller's model, the route, the IC its logprobs give and its text.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OpenAiSdkTest {
    /** ln p of the free-form tokens the stub answers: Paris, " is", " it", "." */
    static final double FREE_FORM_IC = Math.exp((-0.1 - 0.05 - 0.001 - 0.3) / 4);
    /** Algorithm 1 over the stub's first-token top-5 B, A, C, " B" (also B), D (a sentinel, skipped) */
    static final double MC_IC = Math.exp(-0.2) / (Math.exp(-0.2) + Math.exp(-1.9) + Math.exp(-3.0));

    @TestHTTPResource("/v1")
    URL proxyUrl;

    static TopicClient kafka;

    @BeforeAll
    static void broker() {
        kafka = new TopicClient(KafkaTestResource.bootstrapServers());
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    OpenAIClient proxy() {
        return OpenAIOkHttpClient.builder().baseUrl(proxyUrl.toString()).apiKey(ProxyTest.KEY).maxRetries(0).build();
    }

    static OpenAIClient direct() {
        return OpenAIOkHttpClient.builder().baseUrl(UpstreamStub.baseUrl()).apiKey(UpstreamStub.UPSTREAM_KEY).maxRetries(0).build();
    }

    static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    static AnswerEvent published(String tag) {
        List<ConsumerRecord<String, String>> records = kafka.read(Topics.ANSWERS, r -> r.value().contains(tag), 1, Duration.ofSeconds(60));
        assertThat(records).hasSize(1);
        return EventJson.readAnswer(records.get(0).value());
    }

    @Test
    void chatThroughTheProxyReadsAsFromTheUpstreamAndPublishesTheAnswer() {
        String tag = tag();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addSystemMessage("Be brief.").addUserMessage(tag + " What is the capital of France?").build();
        ChatCompletion viaProxy = proxy().chat().completions().create(params);
        ChatCompletion direct = direct().chat().completions().create(params);

        assertThat(viaProxy).isEqualTo(direct);
        assertThat(viaProxy.choices().get(0).message().content()).hasValue("Paris is it.");
        assertThat(viaProxy.choices().get(0).logprobs()).as("the caller did not ask for logprobs").isEmpty();
        AnswerEvent e = published(tag);
        assertThat(e.model()).isEqualTo("gpt-4o-mini");
        assertThat(e.route()).isEqualTo("stub");
        assertThat(e.endpoint()).isEqualTo("openai-chat");
        assertThat(e.answerText()).isEqualTo("Paris is it.");
        assertThat(e.question()).isEqualTo(tag + " What is the capital of France?");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.LOGPROBS);
        assertThat(e.confidence().aggregator()).isEqualTo("mean-logprob");
        assertThat(e.confidence().value()).isCloseTo(FREE_FORM_IC, within(1e-12));
    }

    @Test
    void aChatStreamThroughTheProxyReadsAsFromTheUpstreamAndPublishesTheAnswer() {
        String tag = tag();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage(tag + " What is the capital of France?").build();
        List<ChatCompletionChunk> viaProxy;
        List<ChatCompletionChunk> direct;
        try (StreamResponse<ChatCompletionChunk> s = proxy().chat().completions().createStreaming(params)) {
            viaProxy = s.stream().toList();
        }
        try (StreamResponse<ChatCompletionChunk> s = direct().chat().completions().createStreaming(params)) {
            direct = s.stream().toList();
        }
        assertThat(viaProxy).hasSize(6).isEqualTo(direct);
        StringBuilder text = new StringBuilder();
        viaProxy.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Paris is it.");
        AnswerEvent e = published(tag);
        assertThat(e.model()).isEqualTo("gpt-4o-mini");
        assertThat(e.route()).isEqualTo("stub");
        assertThat(e.endpoint()).isEqualTo("openai-chat-stream");
        assertThat(e.answerText()).isEqualTo("Paris is it.");
        assertThat(e.confidence().value()).isCloseTo(FREE_FORM_IC, within(1e-12));
    }

    @Test
    void aResponsesReplyThroughTheProxyReadsAsFromTheUpstreamAndPublishesTheAnswer() {
        String tag = tag();
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4.1-mini").instructions("One letter.")
                .input(tag + " Where are books lent?\nA. a river\nB. a library\nC. a bakery\nAnswer:").build();
        Response viaProxy = proxy().responses().create(params);
        assertThat(UpstreamStub.RECEIVED.get(tag).body().path("include").toString()).isEqualTo("[\"message.output_text.logprobs\"]");
        Response direct = direct().responses().create(params);

        assertThat(viaProxy).isEqualTo(direct);
        var text = viaProxy.output().get(0).asMessage().content().get(0).asOutputText();
        assertThat(text.text()).isEqualTo("B");
        assertThat(text.logprobs()).as("the caller did not include the logprobs").hasValue(List.of());
        AnswerEvent e = published(tag);
        assertThat(e.model()).isEqualTo("gpt-4.1-mini");
        assertThat(e.route()).isEqualTo("stub");
        assertThat(e.endpoint()).isEqualTo("openai-responses");
        assertThat(e.answerText()).isEqualTo("B");
        assertThat(e.question()).isEqualTo(tag + " Where are books lent?");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidence().aggregator()).isEqualTo("option-ratio");
        assertThat(e.confidence().value()).isCloseTo(MC_IC, within(1e-12));
    }

    @Test
    void aResponsesStreamThroughTheProxyReadsAsFromTheUpstreamAndPublishesTheAnswer() {
        String tag = tag();
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4.1-mini")
                .input(tag + " What is the capital of France?").build();
        List<ResponseStreamEvent> viaProxy;
        List<ResponseStreamEvent> direct;
        try (StreamResponse<ResponseStreamEvent> s = proxy().responses().createStreaming(params)) {
            viaProxy = s.stream().toList();
        }
        try (StreamResponse<ResponseStreamEvent> s = direct().responses().createStreaming(params)) {
            direct = s.stream().toList();
        }
        assertThat(viaProxy).hasSize(10).isEqualTo(direct);
        StringBuilder text = new StringBuilder();
        viaProxy.forEach(ev -> ev.outputTextDelta().ifPresent(d -> {
            assertThat(d.logprobs()).isEmpty();
            text.append(d.delta());
        }));
        assertThat(text.toString()).isEqualTo("Paris is it.");
        assertThat(viaProxy.get(viaProxy.size() - 1).isCompleted()).isTrue();
        AnswerEvent e = published(tag);
        assertThat(e.route()).isEqualTo("stub");
        assertThat(e.endpoint()).isEqualTo("openai-responses-stream");
        assertThat(e.answerText()).isEqualTo("Paris is it.");
        assertThat(e.logprobs().tokens()).extracting(t -> t.token()).containsExactly("Paris", " is", " it", ".");
        assertThat(e.confidence().value()).isCloseTo(FREE_FORM_IC, within(1e-12));
    }

    @Test
    void theSdkReadsTheProxysErrorsAsOpenAisOwn() {
        ChatCompletionCreateParams unknown = ChatCompletionCreateParams.builder().model("nobody-knows-this-model").addUserMessage("hi").build();
        assertThatThrownBy(() -> proxy().chat().completions().create(unknown)).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.code()).hasValue("model_not_found");
            assertThat(e.param()).hasValue("model");
        });
        assertThat(proxy().models().list().data()).extracting(m -> m.id()).containsExactly("stub-1");
        assertThatThrownBy(() -> proxy().embeddings().create(com.openai.models.embeddings.EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("unknown_url"));
    }
}

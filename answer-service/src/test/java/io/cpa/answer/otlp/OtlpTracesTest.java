package io.cpa.answer.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import io.cpa.answer.UpstreamStub;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.OptionConfidence;
import io.cpa.confidence.SequenceConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code POST /v1/traces} driven by the official OpenTelemetry Java SDK and its OTLP/HTTP exporter, with spans
 * shaped as the OpenInference and OpenLLMetry / GenAI instrumentations write them; the answers are read back from
 * {@code cpa.answers} on the real embedded broker. The exporter speaks protobuf only, so the JSON encoding is the
 * SDK's own OTLP JSON marshaler (the one its logging-otlp exporter writes) posted as the exporter would.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class OtlpTracesTest {
    static final String KEY = "cpa-key-one-7Hd2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/traces")
    URL traces;

    /** An OpenInference LLM span of a chat completion with logprobs, as openinference-instrumentation-openai writes it. */
    static void openInferenceChat(Span span, String model, String prompt, String response) {
        span.setAttribute("openinference.span.kind", "LLM");
        span.setAttribute("llm.provider", "openai");
        span.setAttribute("llm.system", "openai");
        span.setAttribute("llm.model_name", model + "-2024-07-18");
        span.setAttribute("input.value", "{\"messages\": [{\"role\": \"user\", \"content\": " + SpanAnswersTest.quote(prompt)
                + "}], \"model\": \"" + model + "\", \"logprobs\": true, \"top_logprobs\": 2}");
        span.setAttribute("input.mime_type", "application/json");
        span.setAttribute("output.value", response);
        span.setAttribute("output.mime_type", "application/json");
        span.setAttribute("llm.invocation_parameters", "{\"model\": \"" + model + "\", \"logprobs\": true, \"top_logprobs\": 2}");
        span.setAttribute("llm.input_messages.0.message.role", "user");
        span.setAttribute("llm.input_messages.0.message.content", prompt);
        span.setAttribute("llm.output_messages.0.message.role", "assistant");
        span.setAttribute("llm.output_messages.0.message.content", "B");
        span.setAttribute("llm.token_count.prompt", 20L);
        span.setAttribute("llm.token_count.completion", 1L);
    }

    static final String FREE_FORM = "{\"id\":\"resp_7\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4.1-mini\",\"output\":[{\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"The library.\",\"logprobs\":["
            + "{\"token\":\"The\",\"logprob\":-0.3,\"top_logprobs\":[]},{\"token\":\" library\",\"logprob\":-0.6,\"top_logprobs\":[]},"
            + "{\"token\":\".\",\"logprob\":-0.01,\"top_logprobs\":[]}]}]}]}";

    /** The exporter, keeping the result of each export (the batch processor's flush succeeds whatever they were). */
    private record Recording(SpanExporter exporter, List<CompletableResultCode> results) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode result = exporter.export(spans);
            results.add(result);
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.shutdown();
        }
    }

    /** A tracer whose spans go through the SDK's batch processor and OTLP/HTTP exporter to the service. */
    private record Sdk(SdkTracerProvider provider, Tracer tracer, List<CompletableResultCode> exports) implements AutoCloseable {
        /** Exports what has ended; success when at least one export was made and every one was answered 200. */
        CompletableResultCode flush() {
            provider.forceFlush().join(30, TimeUnit.SECONDS);
            CompletableResultCode all = CompletableResultCode.ofAll(exports).join(30, TimeUnit.SECONDS);
            return exports.isEmpty() ? CompletableResultCode.ofFailure() : all;
        }

        @Override
        public void close() {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private Sdk sdk(String serviceName, String compression, String key, SpanLimits limits) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(traces.toString()).setCompression(compression)
                .addHeader("X-CPA-Key", key).setTimeout(Duration.ofSeconds(30)).build();
        List<CompletableResultCode> exports = new CopyOnWriteArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .setSpanLimits(limits)
                .addSpanProcessor(BatchSpanProcessor.builder(new Recording(exporter, exports)).setScheduleDelay(Duration.ofHours(1)).build())
                .build();
        return new Sdk(provider, provider.get("openinference.instrumentation.openai"), exports);
    }

    private static String id(Span span) {
        return "otel-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId();
    }

    private static Map<String, AnswerEvent> answers(Collection<String> ids) {
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            var records = kafka.read(Topics.ANSWERS, r -> ids.contains(r.key()), ids.size(), Duration.ofSeconds(60));
            return records.stream().map(r -> EventJson.readAnswer(r.value()))
                    .collect(Collectors.toMap(AnswerEvent::answerId, e -> e, (a, b) -> a));
        }
    }

    private static Span child(Tracer tracer, String name, Consumer<Span> attributes) {
        Span span = tracer.spanBuilder(name).startSpan();
        attributes.accept(span);
        span.end();
        return span;
    }

    @Test
    void openInferenceAndGenAiSpansFromTheSdkExporterReachTheBrokerAsAnswers() {
        List<String> llm = new ArrayList<>();
        try (Sdk sdk = sdk("support-bot", "gzip", KEY, SpanLimits.getDefault())) {
            Span agent = sdk.tracer().spanBuilder("agent").startSpan();
            agent.setAttribute("openinference.span.kind", "CHAIN");
            Span chat, responses, genAi, openLlmetry, http;
            try (Scope ignored = agent.makeCurrent()) {
                chat = child(sdk.tracer(), "ChatCompletion", s -> openInferenceChat(s, "gpt-4o-mini",
                        SpanAnswersTest.PROMPT, SpanAnswersTest.CHAT));
                responses = child(sdk.tracer(), "Response", s -> {
                    openInferenceChat(s, "gpt-4.1-mini", "Where are books lent?", FREE_FORM);
                    s.setAttribute("input.value", "{\"model\": \"gpt-4.1-mini\", \"input\": \"Where are books lent?\","
                            + " \"include\": [\"message.output_text.logprobs\"]}");
                    s.setAttribute("llm.output_messages.0.message.content", "The library.");
                });
                genAi = child(sdk.tracer(), "chat gpt-4o", s -> {
                    s.setAttribute("gen_ai.operation.name", "chat");
                    s.setAttribute("gen_ai.provider.name", "openai");
                    s.setAttribute("gen_ai.request.model", "gpt-4o");
                    s.setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06");
                    s.setAttribute("gen_ai.response.id", "chatcmpl-42");
                    s.setAttribute("gen_ai.usage.input_tokens", 20L);
                    s.setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                            + SpanAnswersTest.quote(SpanAnswersTest.PROMPT) + "}]}]");
                    s.setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"A\"}],"
                            + "\"finish_reason\":\"stop\"}]");
                });
                openLlmetry = child(sdk.tracer(), "openai.chat", s -> {
                    s.setAttribute("llm.request.type", "chat");
                    s.setAttribute("gen_ai.system", "openai");
                    s.setAttribute("gen_ai.request.model", "gpt-3.5-turbo");
                    s.setAttribute("gen_ai.response.model", "gpt-3.5-turbo-0125");
                    s.setAttribute("gen_ai.prompt.0.role", "user");
                    s.setAttribute("gen_ai.prompt.0.content", "Tell me a joke about OpenTelemetry");
                    s.setAttribute("gen_ai.completion.0.role", "assistant");
                    s.setAttribute("gen_ai.completion.0.content", "Why did the span cross the road?");
                    s.setAttribute("gen_ai.completion.0.finish_reason", "stop");
                });
                http = child(sdk.tracer(), "POST", s -> s.setAttribute("http.request.method", "POST"));
                Span failed = child(sdk.tracer(), "ChatCompletion", s -> {
                    openInferenceChat(s, "gpt-4o-mini", "x", SpanAnswersTest.CHAT);
                    s.setStatus(StatusCode.ERROR, "rate limited");
                });
                assertThat(http.getSpanContext().isValid() && failed.getSpanContext().isValid()).isTrue();
            }
            agent.end();
            assertThat(sdk.flush().isSuccess()).as("the exporter's request was answered 200").isTrue();
            llm.addAll(List.of(id(chat), id(responses), id(genAi), id(openLlmetry)));

            Map<String, AnswerEvent> got = answers(llm);
            assertThat(got).containsOnlyKeys(llm);
            AnswerEvent mc = got.get(id(chat));
            assertThat(mc.model()).isEqualTo("gpt-4o-mini");
            assertThat(mc.source()).isEqualTo("support-bot");
            assertThat(mc.entrance()).isEqualTo("otel");
            assertThat(mc.endpoint()).isEqualTo("openai-chat");
            assertThat(mc.answerText()).isEqualTo("B");
            assertThat(mc.chosenOption()).isEqualTo("B");
            assertThat(mc.confidenceSource()).isEqualTo(ConfidenceSource.LOGPROBS);
            assertThat(mc.confidence().aggregator()).isEqualTo(OptionConfidence.AGGREGATOR);
            assertThat(mc.confidence().value()).isCloseTo(Math.exp(-0.1) / (Math.exp(-0.1) + Math.exp(-2.5)), within(1e-12));
            AnswerEvent free = got.get(id(responses));
            assertThat(free.model()).isEqualTo("gpt-4.1-mini");
            assertThat(free.answerText()).isEqualTo("The library.");
            assertThat(free.confidence().aggregator()).isEqualTo(SequenceConfidence.MEAN_LOGPROB);
            assertThat(free.confidence().value()).isCloseTo(Math.exp((-0.3 - 0.6 - 0.01) / 3), within(1e-12));
            AnswerEvent gen = got.get(id(genAi));
            assertThat(gen.model()).isEqualTo("gpt-4o");
            assertThat(gen.answerText()).isEqualTo("A");
            assertThat(gen.chosenOption()).isEqualTo("A");
            assertThat(gen.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
            assertThat(gen.confidence().present()).isFalse();
            AnswerEvent legacy = got.get(id(openLlmetry));
            assertThat(legacy.model()).isEqualTo("gpt-3.5-turbo");
            assertThat(legacy.question()).isEqualTo("Tell me a joke about OpenTelemetry");
            assertThat(legacy.answerText()).isEqualTo("Why did the span cross the road?");
            assertThat(legacy.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        }
        String metrics = given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("cpa_otlp_spans_ignored_total{reason=\"openinference-not-llm\"}")
                .contains("cpa_otlp_spans_ignored_total{reason=\"not-llm\"}")
                .contains("cpa_otlp_spans_ignored_total{reason=\"error-status\"}")
                .contains("cpa_otlp_answers_total{convention=\"openinference\",logprobs=\"present\"}")
                .contains("cpa_otlp_answers_total{convention=\"gen-ai\",logprobs=\"none\"}");
    }

    @Test
    void anOutputValueCutByTheSdksAttributeLengthLimitIsAnAnswerThatSaysSo() {
        String longAnswer = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
                + "{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}],\"padding\":\"" + "x".repeat(5000) + "\"}";
        // OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=200: what an instrumented application's SDK does to long attributes
        try (Sdk sdk = sdk("notes-app", "none", KEY, SpanLimits.builder().setMaxAttributeValueLength(200).build())) {
            Span span = child(sdk.tracer(), "ChatCompletion", s -> {
                openInferenceChat(s, "gpt-4o-mini", SpanAnswersTest.PROMPT, longAnswer);
                s.setAttribute("input.value", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Where?\"}]}");
            });
            assertThat(sdk.flush().isSuccess()).isTrue();
            AnswerEvent e = answers(List.of(id(span))).get(id(span));
            assertThat(e).isNotNull();
            assertThat(e.source()).isEqualTo("notes-app");
            assertThat(e.answerText()).isEqualTo("B");
            assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
            assertThat(e.confidence().present()).isFalse();
            assertThat(e.confidence().missingReason()).contains("output.value is truncated").contains("after 200 characters");
        }
    }

    /** The spans a tracer ends, kept in memory, to be marshalled by hand. */
    private static final class Collected implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static List<SpanData> record(Consumer<Tracer> work) {
        Collected collected = new Collected();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "json-app")))
                .addSpanProcessor(SimpleSpanProcessor.create(collected)).build();
        work.accept(provider.get("opentelemetry.instrumentation.openai_v2"));
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return collected.spans;
    }

    private static byte[] marshal(List<SpanData> spans, boolean json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRequestMarshaler m = TraceRequestMarshaler.create(spans);
        if (json) m.writeJsonTo(out);
        else m.writeBinaryTo(out);
        return out.toByteArray();
    }

    private static String id(SpanData s) {
        return "otel-" + s.getTraceId() + "-" + s.getSpanId();
    }

    @Test
    void theSdksOtlpJsonEncodingIsReadToo() throws IOException {
        List<SpanData> spans = record(t -> {
            child(t, "ChatCompletion", s -> openInferenceChat(s, "gpt-4o-mini", SpanAnswersTest.PROMPT, SpanAnswersTest.CHAT));
            child(t, "embeddings text-embedding-3-small", s -> {
                s.setAttribute("gen_ai.operation.name", "embeddings");
                s.setAttribute("gen_ai.request.model", "text-embedding-3-small");
            });
        });
        byte[] body = marshal(spans, true);
        assertThat(new String(body)).contains("\"traceId\":\"" + spans.get(0).getTraceId() + "\"");
        given().header("X-CPA-Key", KEY).contentType("application/json").body(body).post("/v1/traces")
                .then().statusCode(200).contentType("application/json").body(org.hamcrest.Matchers.equalTo("{}"));
        String llm = id(spans.get(0));
        AnswerEvent e = answers(List.of(llm)).get(llm);
        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo("json-app");
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.1) / (Math.exp(-0.1) + Math.exp(-2.5)), within(1e-12));
    }

    @Test
    void rejectedLlmSpansAreAPartialSuccessAndTheOthersArePublished() throws IOException {
        String bad = SpanAnswersTest.CHAT.replace("\"logprob\":-2.5", "\"logprob\":3.5");
        List<SpanData> spans = record(t -> {
            child(t, "ChatCompletion", s -> openInferenceChat(s, "gpt-4o-mini", SpanAnswersTest.PROMPT, SpanAnswersTest.CHAT));
            child(t, "ChatCompletion", s -> openInferenceChat(s, "gpt-4o-mini", SpanAnswersTest.PROMPT, bad));
            child(t, "chat", s -> {
                s.setAttribute("gen_ai.operation.name", "chat");
                s.setAttribute("gen_ai.output.messages", "[]");
            });
        });
        for (boolean json : new boolean[]{false, true}) {
            Response r = given().header("Authorization", "Bearer " + KEY).contentType(json ? "application/json" : "application/x-protobuf")
                    .body(marshal(spans, json)).post("/v1/traces");
            assertThat(r.statusCode()).isEqualTo(200);
            long rejected;
            String message;
            if (json) {
                JsonNode body = JSON.readTree(r.asByteArray());
                rejected = Long.parseLong(body.path("partialSuccess").path("rejectedSpans").asText());
                message = body.path("partialSuccess").path("errorMessage").asText();
            } else {
                ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(r.asByteArray());
                rejected = body.getPartialSuccess().getRejectedSpans();
                message = body.getPartialSuccess().getErrorMessage();
            }
            assertThat(rejected).isEqualTo(2);
            assertThat(message).startsWith("2 spans rejected: ").contains("output.value: ").contains("positive logprob 3.5")
                    .contains("no model (neither gen_ai.request.model nor gen_ai.response.model)");
        }
        String good = id(spans.get(0));
        assertThat(answers(List.of(good))).containsKey(good);
    }

    /** The {@code message} (field 2) of a protobuf {@code google.rpc.Status}. */
    private static String statusMessage(byte[] status) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(status);
        String message = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag >>> 3 == 2) message = in.readString();
            else in.skipField(tag);
        }
        return message;
    }

    @Test
    void badRequestsGetTheirStatusWithAMessageNamingWhatIsWrong() throws IOException {
        Response json = given().header("X-CPA-Key", KEY).contentType("application/json")
                .body("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex\",\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}")
                .post("/v1/traces");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.jsonPath().getInt("code")).isEqualTo(3);
        assertThat(json.jsonPath().getString("message")).isEqualTo(
                "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits (OTLP JSON ids are hex, not base64)");
        Response proto = given().header("X-CPA-Key", KEY).contentType("application/x-protobuf").body(new byte[]{0x0a, 0x05, 0x01})
                .post("/v1/traces");
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(proto.contentType()).isEqualTo("application/x-protobuf");
        assertThat(statusMessage(proto.asByteArray())).startsWith("the body is not a protobuf ExportTraceServiceRequest");
        given().contentType("application/json").body("{}").post("/v1/traces").then().statusCode(401);
        given().header("X-CPA-Key", "cpa-key-wrong").contentType("application/json").body("{}").post("/v1/traces").then().statusCode(401);
        given().header("X-CPA-Key", KEY).contentType("text/plain").body("{}").post("/v1/traces").then().statusCode(415);
        given().header("X-CPA-Key", KEY).header("Content-Encoding", "deflate").contentType("application/json").body("{}")
                .post("/v1/traces").then().statusCode(415);
        given().header("X-CPA-Key", KEY).contentType("application/x-protobuf").body(new byte[4 * 1024 * 1024 + 1])
                .post("/v1/traces").then().statusCode(413);
        // every request ended, whichever way: none is still counted in flight (none is stuck holding the gate)
        assertThat(given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("cpa_otlp_requests_in_flight 0.0");
        // and the exporter itself sees a refused export as a failure
        try (Sdk sdk = sdk("x", "none", "cpa-key-wrong", SpanLimits.getDefault())) {
            child(sdk.tracer(), "ChatCompletion", s -> openInferenceChat(s, "gpt-4o-mini", "q", SpanAnswersTest.CHAT));
            assertThat(sdk.flush().isSuccess()).isFalse();
        }
    }
}

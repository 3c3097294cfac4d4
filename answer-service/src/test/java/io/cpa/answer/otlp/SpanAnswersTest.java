package io.cpa.answer.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.answer.ingest.IngestedAnswer;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.OptionConfidence;
import io.cpa.confidence.SequenceConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.question.ChoiceOption;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpanAnswersTest {
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN = "b7ad6b7169203331";
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final long END = Instant.parse("2026-12-05T09:59:58Z").toEpochMilli() * 1_000_000L;
    static final SpanAnswers.Settings SETTINGS = new SpanAnswers.Settings("otel", true);
    static final String PROMPT = "Where are books lent?\nA. a river\nB. a library\nAnswer:";
    static final String REQUEST = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer with a letter.\"},"
            + "{\"role\":\"user\",\"content\":" + quote(PROMPT) + "}],\"logprobs\":true,\"top_logprobs\":2}";
    static final String CHAT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,"
            + "\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}]}";
    static final String RESPONSES = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4o-mini\",\"output\":[{\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"B\",\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.2,"
            + "\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.2},{\"token\":\"A\",\"logprob\":-1.9}]}]}]}]}";

    static String quote(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static OtlpSpan span(Map<String, Object> attributes) {
        return span(attributes, 0);
    }

    static OtlpSpan span(Map<String, Object> attributes, int status) {
        return new OtlpSpan("resourceSpans[0].scopeSpans[0].spans[0]", Map.of("service.name", "support-bot"), TRACE, SPAN,
                "ChatCompletion", END, status, attributes);
    }

    static Map<String, Object> openInference(String request, String response) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("openinference.span.kind", "LLM");
        a.put("llm.provider", "openai");
        a.put("llm.model_name", "gpt-4o-mini-2024-07-18");
        a.put("input.value", request);
        a.put("input.mime_type", "application/json");
        a.put("output.value", response);
        a.put("output.mime_type", "application/json");
        a.put("llm.input_messages.0.message.role", "system");
        a.put("llm.input_messages.0.message.content", "Answer with a letter.");
        a.put("llm.input_messages.1.message.role", "user");
        a.put("llm.input_messages.1.message.content", PROMPT);
        a.put("llm.output_messages.0.message.role", "assistant");
        a.put("llm.output_messages.0.message.content", "B");
        return a;
    }

    static SpanAnswers.Outcome outcome(OtlpSpan span) {
        return SpanAnswers.of(span, SETTINGS, new AtomicLong(41)::incrementAndGet, NOW);
    }

    static SpanAnswers.Answered answered(OtlpSpan span) {
        SpanAnswers.Outcome o = outcome(span);
        assertThat(o).isInstanceOf(SpanAnswers.Answered.class);
        return (SpanAnswers.Answered) o;
    }

    @Test
    void anOpenInferenceChatSpanWithLogprobsIsTheAnswerTheIngestApiWouldBuild() throws Exception {
        SpanAnswers.Answered a = answered(span(openInference(REQUEST, CHAT)));
        AnswerEvent e = a.event();
        assertThat(a.logprobs()).isEqualTo("present");
        assertThat(e.answerId()).isEqualTo("otel-" + TRACE + "-" + SPAN);
        assertThat(e.entrance()).isEqualTo("otel");
        assertThat(e.model()).as("the requested model, not the dated snapshot of the reply").isEqualTo("gpt-4o-mini");
        assertThat(e.source()).isEqualTo("support-bot");
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-12-05T09:59:58Z"));
        assertThat(e.question()).isEqualTo("Where are books lent?");
        assertThat(e.options()).extracting(ChoiceOption::label).containsExactly("A", "B");
        assertThat(e.answerText()).isEqualTo("B");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.LOGPROBS);
        assertThat(e.confidence().aggregator()).isEqualTo(OptionConfidence.AGGREGATOR);
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.1) / (Math.exp(-0.1) + Math.exp(-2.5)), within(1e-12));
        // the ingest API given the same question, options and response builds the same event
        AnswerEvent ingested = new IngestedAnswer(e.answerId(), e.question(), e.options(), e.model(), e.source(),
                new ObjectMapper().readTree(CHAT), null, null).toEvent(e.sequence(), e.createdAt(), "otel");
        assertThat(e).isEqualTo(ingested);
    }

    @Test
    void anOpenInferenceResponsesApiSpanIsReadFromItsOutputItems() {
        String request = "{\"model\":\"gpt-4o-mini\",\"input\":" + quote(PROMPT) + ",\"include\":[\"message.output_text.logprobs\"],\"top_logprobs\":2}";
        AnswerEvent e = answered(span(openInference(request, RESPONSES))).event();
        assertThat(e.endpoint()).isEqualTo("openai-responses");
        assertThat(e.answerText()).isEqualTo("B");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.2) / (Math.exp(-0.2) + Math.exp(-1.9)), within(1e-12));
    }

    @Test
    void aFreeFormQuestionGetsTheMeanLogprobAggregator() {
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Name a library.\"}]}";
        AnswerEvent e = answered(span(openInference(request, CHAT))).event();
        assertThat(e.options()).isEmpty();
        assertThat(e.question()).isEqualTo("Name a library.");
        assertThat(e.confidence().aggregator()).isEqualTo(SequenceConfidence.MEAN_LOGPROB);
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.1), within(1e-12));
    }

    @Test
    void aTruncatedOutputValueIsAnAnswerThatSaysSoWithoutAnIc() {
        String cut = CHAT.substring(0, 120);
        SpanAnswers.Answered a = answered(span(openInference(REQUEST, cut)));
        AnswerEvent e = a.event();
        assertThat(a.logprobs()).isEqualTo("truncated");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(e.confidence().present()).isFalse();
        assertThat(e.confidence().missingReason()).contains("output.value is truncated").contains("120 characters");
        assertThat(e.logprobs()).isNull();
        assertThat(e.answerText()).as("the text from llm.output_messages").isEqualTo("B");
        assertThat(e.chosenOption()).isEqualTo("B");
    }

    @Test
    void anOutputValueOfNoKnownShapeOrTextGivesAnAnswerWithoutIcAndItsReason() {
        String anthropic = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"B\"}]}";
        AnswerEvent unknown = answered(span(openInference(REQUEST, anthropic))).event();
        assertThat(unknown.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(unknown.confidence().missingReason()).contains("no shape cpa reads");
        Map<String, Object> text = openInference(REQUEST, "B");
        text.put("output.mime_type", "text/plain");
        text.remove("llm.output_messages.0.message.content");
        AnswerEvent plain = answered(span(text)).event();
        assertThat(plain.answerText()).isEqualTo("B");
        assertThat(plain.confidence().missingReason()).contains("output.value is text");
    }

    @Test
    void invalidLogprobsRejectTheSpanNamingOutputValue() {
        String bad = CHAT.replace("\"logprob\":-0.1,\"top", "\"logprob\":0.5,\"top");
        SpanAnswers.Outcome o = outcome(span(openInference(REQUEST, bad)));
        assertThat(o).isInstanceOf(SpanAnswers.Rejected.class);
        SpanAnswers.Rejected r = (SpanAnswers.Rejected) o;
        assertThat(r.reason()).isEqualTo("unreadable-logprobs");
        assertThat(r.message()).startsWith("resourceSpans[0].scopeSpans[0].spans[0]: output.value: ").contains("positive logprob");
    }

    @Test
    void aGenAiSpanIsAnAnswerWithoutConfidence() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.operation.name", "chat");
        a.put("gen_ai.provider.name", "openai");
        a.put("gen_ai.request.model", "gpt-4o");
        a.put("gen_ai.response.model", "gpt-4o-2024-08-06");
        a.put("gen_ai.response.id", "chatcmpl-9");
        a.put("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":" + quote(PROMPT) + "}]}]");
        a.put("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"B. a library\"}],\"finish_reason\":\"stop\"}]");
        SpanAnswers.Answered answered = answered(span(a));
        AnswerEvent e = answered.event();
        assertThat(answered.convention()).isEqualTo(SpanClassifier.Convention.GEN_AI);
        assertThat(e.model()).isEqualTo("gpt-4o");
        assertThat(e.endpoint()).isEqualTo("otel-gen-ai");
        assertThat(e.question()).isEqualTo("Where are books lent?");
        assertThat(e.answerText()).isEqualTo("B. a library");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(e.confidence().present()).isFalse();
        assertThat(e.confidence().aggregator()).isEqualTo(OptionConfidence.AGGREGATOR);
        assertThat(e.confidence().missingReason()).isEqualTo("gen_ai spans carry no token logprobs");
        assertThat(e.logprobs()).isNull();
    }

    @Test
    void anOpenLlmetrySpanWithFlattenedPromptsAndToolCallsIsRead() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("llm.request.type", "chat");
        a.put("gen_ai.system", "openai");
        a.put("gen_ai.request.model", "gpt-4o-mini");
        a.put("gen_ai.prompt.0.role", "user");
        a.put("gen_ai.prompt.0.content", "What is the weather in Paris?");
        a.put("gen_ai.completion.0.role", "assistant");
        a.put("gen_ai.completion.0.finish_reason", "tool_calls");
        a.put("gen_ai.completion.0.tool_calls.0.name", "get_weather");
        AnswerEvent e = answered(span(a)).event();
        assertThat(e.question()).isEqualTo("What is the weather in Paris?");
        assertThat(e.noTextReason()).isEqualTo(AnswerEvent.TOOL_CALLS);
        assertThat(e.confidence().missingReason()).startsWith("no answer text: tool-calls");
    }

    @Test
    void aTruncatedGenAiOutputIsRejectedNotGuessed() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.operation.name", "chat");
        a.put("gen_ai.request.model", "gpt-4o");
        a.put("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"A long ans");
        SpanAnswers.Rejected r = (SpanAnswers.Rejected) outcome(span(a));
        assertThat(r.reason()).isEqualTo("truncated-output");
        assertThat(r.message()).contains("gen_ai.output.messages is truncated");
    }

    @Test
    void spansThatAreNotLlmCallsAreIgnoredWithTheirReason() {
        assertThat(outcome(span(Map.of("http.request.method", "POST", "url.full", "https://example.com"))))
                .isEqualTo(new SpanAnswers.Ignored("not-llm"));
        assertThat(outcome(span(Map.of("openinference.span.kind", "CHAIN", "input.value", "{}", "output.value", "{}"))))
                .isEqualTo(new SpanAnswers.Ignored("openinference-not-llm"));
        assertThat(outcome(span(Map.of("gen_ai.operation.name", "embeddings", "gen_ai.request.model", "text-embedding-3-small"))))
                .isEqualTo(new SpanAnswers.Ignored("gen-ai-not-completion"));
        assertThat(outcome(span(openInference(REQUEST, CHAT), OtlpSpan.STATUS_ERROR))).isEqualTo(new SpanAnswers.Ignored("error-status"));
        assertThat(outcome(span(Map.of("openinference.span.kind", "LLM", "llm.model_name", "gpt-4o", "input.value", REQUEST))))
                .isEqualTo(new SpanAnswers.Ignored("no-output"));
        assertThat(SpanClassifier.IGNORE_REASONS).contains("not-llm", "openinference-not-llm", "gen-ai-not-completion", "error-status", "no-output");
    }

    @Test
    void anLlmSpanWithoutAModelIsRejected() {
        Map<String, Object> a = openInference("{\"messages\":[]}", CHAT);
        a.remove("llm.model_name");
        SpanAnswers.Rejected r = (SpanAnswers.Rejected) outcome(span(a));
        assertThat(r.reason()).isEqualTo("no-model");
        assertThat(r.message()).contains("llm.model_name");
    }

    @Test
    void theSourceIsTheServiceNameUnlessItIsTheSdkDefaultOrTurnedOff() {
        OtlpSpan unnamed = new OtlpSpan("p", Map.of("service.name", "unknown_service:java"), TRACE, SPAN, "x", END, 0,
                openInference(REQUEST, CHAT));
        assertThat(answered(unnamed).event().source()).isEqualTo("otel");
        SpanAnswers.Outcome off = SpanAnswers.of(span(openInference(REQUEST, CHAT)), new SpanAnswers.Settings("apps", false),
                () -> 1, NOW);
        assertThat(((SpanAnswers.Answered) off).event().source()).isEqualTo("apps");
        OtlpSpan piped = new OtlpSpan("p", Map.of("service.name", "a|b"), TRACE, SPAN, "x", 0, 0, openInference(REQUEST, CHAT));
        AnswerEvent e = answered(piped).event();
        assertThat(e.source()).isEqualTo("a/b");
        assertThat(e.createdAt()).as("no end time: received now").isEqualTo(NOW);
    }

    @Test
    void theExportCountsEachOutcomeAndBoundsItsErrorMessage() {
        java.util.List<OtlpSpan> spans = new java.util.ArrayList<>();
        spans.add(span(openInference(REQUEST, CHAT)));
        spans.add(span(Map.of("db.system", "postgresql")));
        Map<String, Object> noModel = openInference("{}", CHAT);
        noModel.remove("llm.model_name");
        for (int i = 0; i < 7; i++) spans.add(span(noModel));
        TraceExport export = TraceExport.of(spans, SETTINGS, new AtomicLong()::incrementAndGet, NOW);
        assertThat(export.answers()).hasSize(1);
        assertThat(export.ignored()).hasSize(1);
        assertThat(export.rejected()).hasSize(7);
        assertThat(export.errorMessage()).startsWith("7 spans rejected: ").endsWith("; and 2 more");
        assertThat(TraceExport.of(List.of(), SETTINGS, () -> 1, NOW).errorMessage()).isEmpty();
    }
}

package io.cpa.answer.otlp;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.answer.http.FieldException;
import io.cpa.answer.ingest.IngestedAnswer;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.otlp.SpanClassifier.Convention;
import io.cpa.answer.proxy.AnswerPromptParser;
import io.cpa.answer.proxy.Exchange;
import io.cpa.answer.proxy.ProxiedAnswers;
import io.cpa.answer.reply.Replies;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.LogprobParsers;
import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One span as an answer, or why not: the functional core of {@code POST /v1/traces}, without HTTP or Kafka.
 *
 * <p><b>OpenInference</b> ({@code openinference.span.kind = LLM}): {@code output.value} holds the response JSON. It
 * is read exactly as the ingest API reads a posted {@code response} ({@link IngestedAnswer#toEvent}: the same
 * {@code LogprobParsers}, {@code Replies} and {@code AnswerEvents} builder, so the same IC and aggregator), with the
 * question taken from the request JSON in {@code input.value} (its last user turn, as the proxy does; a last turn in
 * the answer-prompt format gives a multiple-choice answer), else from {@code llm.input_messages.*}. Model: the
 * request's {@code model} in {@code input.value}, else {@code llm.model_name}. When {@code output.value} cannot give
 * logprobs (truncated by an attribute length limit, not JSON, text, of no shape cpa reads, absent) the answer is
 * still published, with its text from {@code llm.output_messages.*}, {@code confidenceSource = NONE} and the reason
 * in its missing IC; never a made-up IC.
 *
 * <p><b>GenAI semantic conventions</b> ({@code gen_ai.operation.name = chat | text_completion | generate_content}):
 * no logprobs exist there, so the answer has {@code confidenceSource = NONE}. Question: the last user message of
 * {@code gen_ai.input.messages} (else OpenLLMetry's {@code gen_ai.prompt.<i>.*}); text: the first output message of
 * {@code gen_ai.output.messages} (else {@code gen_ai.completion.<i>.*}); model: {@code gen_ai.request.model}, else
 * {@code gen_ai.response.model}.
 *
 * <p>Every answer's id is {@code otel-<traceId>-<spanId>}, so an export retried by the SDK publishes the same ids
 * (the certainty-service and the analysis deduplicate on them); its time is the span's end (not later than now).
 */
public final class SpanAnswers {
    public static final String ENTRANCE = "otel";
    /** Every reason a span is rejected: the values of the metric's {@code reason} tag. */
    public static final List<String> REJECT_REASONS = List.of("no-model", "unreadable-logprobs", "truncated-output", "unreadable-output");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Series labels: {@code service.name} of the resource as the source (unless off or absent), else {@code defaultSource}. */
    public record Settings(String defaultSource, boolean sourceFromServiceName) {}

    public sealed interface Outcome {}

    /** @param logprobs {@code present}, {@code none} or {@code truncated}: the metric tag */
    public record Answered(AnswerEvent event, Convention convention, String logprobs) implements Outcome {}

    public record Ignored(String reason) implements Outcome {}

    /** An LLM span that cannot become an answer; counted in OTLP's {@code partialSuccess.rejectedSpans}. */
    public record Rejected(String reason, String message) implements Outcome {}

    private record Msg(String role, String text, boolean toolCalls, String finishReason) {}

    private SpanAnswers() {}

    public static Outcome of(OtlpSpan span, Settings settings, LongSupplier sequence, Instant now) {
        SpanClassifier.Verdict verdict = SpanClassifier.classify(span);
        if (verdict instanceof SpanClassifier.Ignored ignored) return new Ignored(ignored.reason());
        Convention convention = ((SpanClassifier.Llm) verdict).convention();
        String source = source(span, settings);
        Instant createdAt = time(span, now);
        String id = "otel-" + span.traceId() + "-" + span.spanId();
        return convention == Convention.OPENINFERENCE
                ? openInference(span, id, source, createdAt, sequence)
                : genAi(span, id, source, createdAt, sequence);
    }

    private static Outcome openInference(OtlpSpan span, String id, String source, Instant createdAt, LongSupplier sequence) {
        JsonNode request = lenientJson(span.attributes().get("input.value"));
        String model = request != null && request.path("model").isTextual() ? request.get("model").asText() : span.string("llm.model_name");
        if (model == null || model.isBlank()) {
            return new Rejected("no-model", span.path() + ": no model (neither llm.model_name nor the model of input.value)");
        }
        model = AnswerEvents.label(model, null);
        String user = request == null ? null : lastUser(request);
        if (user == null) user = lastUser(flattened(span, "llm.input_messages."));
        Optional<AnswerPromptParser.Parsed> mc = AnswerPromptParser.parse(user);
        String question = mc.map(AnswerPromptParser.Parsed::question).orElse(user == null ? "" : user);
        List<ChoiceOption> options = mc.map(AnswerPromptParser.Parsed::options).orElse(List.of());
        List<Msg> outputs = flattened(span, "llm.output_messages.");
        Msg out = outputs.isEmpty() ? null : outputs.get(0);

        Object value = span.attributes().get("output.value");
        String why;
        String logprobs = "none";
        String text = out == null ? null : out.text();
        if (value instanceof String s) {
            String mime = span.string("output.mime_type");
            String head = s.stripLeading();
            if ((mime != null && mime.contains("json")) || head.startsWith("{") || head.startsWith("[")) {
                try {
                    JsonNode response = JSON.readTree(s);
                    if (readable(response)) {
                        try {
                            AnswerEvent event = new IngestedAnswer(id, question, options, model, source, response, null, null)
                                    .toEvent(sequence.getAsLong(), createdAt, ENTRANCE);
                            return new Answered(event, Convention.OPENINFERENCE,
                                    event.confidenceSource() == ConfidenceSource.LOGPROBS ? "present" : "none");
                        } catch (FieldException e) {
                            return new Rejected("unreadable-logprobs", span.path() + ": output.value: " + e.getMessage());
                        }
                    }
                    why = "output.value is a response of no shape cpa reads: no logprobs";
                } catch (JsonEOFException e) {
                    why = "output.value is truncated: its JSON ends after " + s.length()
                            + " characters (an attribute length limit of the instrumentation cut it), so its logprobs cannot be read";
                    logprobs = "truncated";
                } catch (JsonProcessingException e) {
                    why = "output.value is not valid JSON (" + e.getOriginalMessage() + "): no logprobs";
                }
            } else {
                why = "output.value is text, not the response JSON: no logprobs";
                if (text == null) text = s;
            }
        } else {
            why = "the span has no output.value (the response JSON): no logprobs";
        }
        String noText = Replies.noTextReason(text, null, out != null && out.toolCalls(), out == null ? null : out.finishReason());
        AnswerEvent event = AnswerEvents.of(new AnswerEvents.Answer(id, createdAt, model, source, ENTRANCE, "openinference",
                sequence.getAsLong(), null, question, options, text == null ? "" : text, null, null, why, null, null, null, noText));
        return new Answered(event, Convention.OPENINFERENCE, logprobs);
    }

    private static Outcome genAi(OtlpSpan span, String id, String source, Instant createdAt, LongSupplier sequence) {
        String model = span.string("gen_ai.request.model");
        if (model == null || model.isBlank()) model = span.string("gen_ai.response.model");
        if (model == null || model.isBlank()) {
            return new Rejected("no-model", span.path() + ": no model (neither gen_ai.request.model nor gen_ai.response.model)");
        }
        model = AnswerEvents.label(model, null);
        Object in = span.attributes().get("gen_ai.input.messages");
        String user = null;
        if (in != null) {
            JsonNode messages = lenientJson(in);
            if (messages != null && messages.isArray()) user = lastUser(genAiMessages(messages));
        } else {
            user = lastUser(flattened(span, "gen_ai.prompt."));
        }
        Optional<AnswerPromptParser.Parsed> mc = AnswerPromptParser.parse(user);
        String question = mc.map(AnswerPromptParser.Parsed::question).orElse(user == null ? "" : user);
        List<ChoiceOption> options = mc.map(AnswerPromptParser.Parsed::options).orElse(List.of());
        Object outAttr = span.attributes().get("gen_ai.output.messages");
        List<Msg> outputs;
        if (outAttr != null) {
            JsonNode messages;
            try {
                messages = outAttr instanceof String s ? JSON.readTree(s) : JSON.valueToTree(outAttr);
            } catch (JsonEOFException e) {
                return new Rejected("truncated-output", span.path() + ": gen_ai.output.messages is truncated (its JSON ends after "
                        + ((String) outAttr).length() + " characters): the answer text cannot be read");
            } catch (JsonProcessingException e) {
                return new Rejected("unreadable-output", span.path() + ": gen_ai.output.messages is not valid JSON: " + e.getOriginalMessage());
            }
            if (messages == null || !messages.isArray()) {
                return new Rejected("unreadable-output", span.path() + ": gen_ai.output.messages: expected a JSON array of messages");
            }
            outputs = genAiMessages(messages);
        } else {
            outputs = flattened(span, "gen_ai.completion.");
        }
        Msg out = outputs.stream().filter(m -> m.role() == null || "assistant".equals(m.role())).findFirst()
                .orElse(outputs.isEmpty() ? null : outputs.get(0));
        String text = out == null || out.text() == null ? "" : out.text();
        String noText = Replies.noTextReason(text, null, out != null && out.toolCalls(), out == null ? null : out.finishReason());
        AnswerEvent event = AnswerEvents.of(new AnswerEvents.Answer(id, createdAt, model, source, ENTRANCE, "otel-gen-ai",
                sequence.getAsLong(), null, question, options, text, null, null,
                "gen_ai spans carry no token logprobs", null, null, null, noText));
        return new Answered(event, Convention.GEN_AI, "none");
    }

    /** A response the ingest API would read: an object of a known shape, or stream chunks whose first one is. */
    private static boolean readable(JsonNode response) {
        if (response == null) return false;
        if (response.isObject()) return LogprobParsers.detect(response) != EndpointKind.UNKNOWN;
        return response.isArray() && !response.isEmpty() && response.get(0).isObject()
                && LogprobParsers.detect(response.get(0)) != EndpointKind.UNKNOWN;
    }

    /** The request's last user turn: chat {@code messages}, Responses {@code input}, completions {@code prompt}. */
    private static String lastUser(JsonNode request) {
        if (!request.isObject()) return null;
        if (request.has("messages")) return ProxiedAnswers.lastUserText(Exchange.Api.CHAT, request);
        if (request.has("input")) return ProxiedAnswers.lastUserText(Exchange.Api.RESPONSES, request);
        return request.path("prompt").isTextual() ? request.get("prompt").asText() : null;
    }

    private static String lastUser(List<Msg> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) return messages.get(i).text();
        }
        return null;
    }

    /**
     * Messages flattened into attributes, {@code <prefix><i>.<field>}: OpenInference's
     * {@code llm.input_messages.0.message.role}, {@code .message.content}, {@code .message.contents.<j>.message_content.text},
     * {@code .message.tool_calls.*}, and OpenLLMetry's {@code gen_ai.prompt.0.role}, {@code .content},
     * {@code .finish_reason}, {@code .tool_calls.*}; in index order.
     */
    private static List<Msg> flattened(OtlpSpan span, String prefix) {
        final class Acc {
            String role;
            String content;
            final TreeMap<Integer, String> parts = new TreeMap<>();
            boolean tools;
            String finish;
        }
        TreeMap<Integer, Acc> byIndex = new TreeMap<>();
        for (Map.Entry<String, Object> e : span.attributes().entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) continue;
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) continue;
            int index;
            try {
                index = Integer.parseInt(rest.substring(0, dot));
            } catch (NumberFormatException notAnIndex) {
                continue;
            }
            String field = rest.substring(dot + 1);
            if (field.startsWith("message.")) field = field.substring("message.".length());
            Acc acc = byIndex.computeIfAbsent(index, i -> new Acc());
            Object v = e.getValue();
            if (field.equals("role") && v instanceof String s) acc.role = s;
            else if (field.equals("content") && v instanceof String s) acc.content = s;
            else if (field.equals("finish_reason") && v instanceof String s) acc.finish = s;
            else if (field.startsWith("tool_calls.")) acc.tools = true;
            else if (field.startsWith("contents.") && field.endsWith(".message_content.text") && v instanceof String s) {
                String j = field.substring("contents.".length(), field.length() - ".message_content.text".length());
                try {
                    acc.parts.put(Integer.parseInt(j), s);
                } catch (NumberFormatException notAnIndex) {
                    // not a part
                }
            }
        }
        return byIndex.values().stream()
                .map(a -> new Msg(a.role, a.content != null ? a.content : a.parts.isEmpty() ? null : String.join("\n", a.parts.values()),
                        a.tools, a.finish))
                .toList();
    }

    /**
     * The GenAI conventions' messages: {@code [{"role", "parts": [{"type": "text", "content"}, {"type": "tool_call", ...}],
     * "finish_reason"}]}; a plain {@code content} string is read too.
     */
    private static List<Msg> genAiMessages(JsonNode messages) {
        List<Msg> out = new java.util.ArrayList<>();
        for (JsonNode m : messages) {
            if (!m.isObject()) continue;
            StringBuilder text = new StringBuilder();
            boolean tools = false;
            if (m.path("content").isTextual()) text.append(m.get("content").asText());
            for (JsonNode part : m.path("parts")) {
                String type = part.path("type").asText();
                if (type.equals("text") && part.path("content").isTextual()) {
                    if (!text.isEmpty()) text.append('\n');
                    text.append(part.get("content").asText());
                } else if (type.equals("tool_call")) {
                    tools = true;
                }
            }
            out.add(new Msg(m.path("role").isTextual() ? m.get("role").asText() : null, text.toString(), tools,
                    m.path("finish_reason").isTextual() ? m.get("finish_reason").asText() : null));
        }
        return out;
    }

    /** A JSON attribute (a string of JSON, or a structured value), or null when it is absent or unreadable. */
    private static JsonNode lenientJson(Object value) {
        if (value == null) return null;
        try {
            return value instanceof String s ? JSON.readTree(s) : JSON.valueToTree(value);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String source(OtlpSpan span, Settings settings) {
        String service = span.resourceString("service.name");
        if (!settings.sourceFromServiceName() || service == null || service.isBlank() || service.startsWith("unknown_service")) {
            return settings.defaultSource();
        }
        return AnswerEvents.label(service, settings.defaultSource());
    }

    private static Instant time(OtlpSpan span, Instant now) {
        long nanos = span.endTimeUnixNano();
        if (nanos <= 0) return now;
        Instant end = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        return end.isAfter(now) ? now : end;
    }
}

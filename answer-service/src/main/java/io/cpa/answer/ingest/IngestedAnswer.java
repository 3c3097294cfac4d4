package io.cpa.answer.ingest;

import io.cpa.answer.http.FieldException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.reply.Replies;
import io.cpa.answer.reply.ReplyChoice;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One answer posted to the ingest API, validated: {@code {question, options?[{label,text}], model, source?,
 * response, goldLabel?, answerText?, answerId?}}. {@code response} is the raw endpoint response in any shape the
 * product reads (OpenAI chat, Responses or legacy completions, vLLM, llama.cpp {@code /completion}, Ollama native),
 * or the array of chunks (Responses: events) of a streamed one. Every rejection names the field.
 */
public record IngestedAnswer(String answerId, String question, List<ChoiceOption> options, String model, String source,
                             JsonNode response, String goldLabel, String answerText) {
    static final int MAX_TEXT = 100_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> FIELDS = Set.of("question", "options", "model", "source", "response", "goldLabel",
            "answerText", "answerId");

    public static IngestedAnswer read(JsonNode body, String defaultSource) {
        if (body == null || !body.isObject()) throw new FieldException("", "an answer must be a JSON object");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new FieldException(f, "unknown field (expected one of " + new TreeSet<>(FIELDS) + ")");
        }
        String question = text(body, "question", true, MAX_TEXT);
        String model = label(body, "model", true);
        String source = label(body, "source", false);
        List<ChoiceOption> options = options(body.get("options"));
        JsonNode response = body.get("response");
        if (response == null || response.isNull()) throw new FieldException("response", "is required");
        if (!response.isObject() && !response.isArray()) {
            throw new FieldException("response", "must be the endpoint's JSON response (an object) or its streamed chunks (an array)");
        }
        String gold = text(body, "goldLabel", false, 16);
        if (gold != null) {
            if (options.isEmpty()) throw new FieldException("goldLabel", "needs options: a gold label names one of them");
            if (options.stream().noneMatch(o -> o.label().equals(gold))) {
                throw new FieldException("goldLabel", "'" + gold + "' is not one of the option labels "
                        + options.stream().map(ChoiceOption::label).toList());
            }
        }
        String answerText = text(body, "answerText", false, MAX_TEXT);
        String answerId = text(body, "answerId", false, 128);
        if (answerId != null && !ID.matcher(answerId).matches()) {
            throw new FieldException("answerId", "must be 1-128 characters of letters, digits and . _ : -");
        }
        return new IngestedAnswer(answerId, question, options, model, source == null ? defaultSource : source, response,
                gold, answerText);
    }

    private static String text(JsonNode body, String field, boolean required, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) throw new FieldException(field, "is required");
            return null;
        }
        if (!n.isTextual()) throw new FieldException(field, "must be a string");
        String s = n.asText();
        if (s.isBlank()) throw new FieldException(field, "must not be blank");
        if (s.length() > max) throw new FieldException(field, "longer than " + max + " characters");
        return s;
    }

    private static String label(JsonNode body, String field, boolean required) {
        String s = text(body, field, required, 128);
        if (s != null && s.indexOf('|') >= 0) throw new FieldException(field, "must not contain '|' (it separates series key parts)");
        return s == null ? null : s.strip();
    }

    private static List<ChoiceOption> options(JsonNode options) {
        if (options == null || options.isNull()) return List.of();
        if (!options.isArray()) throw new FieldException("options", "must be an array of {label, text}");
        if (options.size() < 2 || options.size() > 8) {
            throw new FieldException("options", "has " + options.size() + " entries, expected 2 to 8");
        }
        List<ChoiceOption> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            JsonNode o = options.get(i);
            String at = "options[" + i + "]";
            if (!o.isObject()) throw new FieldException(at, "must be an object {label, text}");
            String label = nested(o, "label", 16, at).strip();
            if (!label.matches("[A-Za-z0-9]{1,4}")) throw new FieldException(at + ".label", "must be 1-4 letters or digits");
            if (!labels.add(label.toUpperCase(Locale.ROOT))) throw new FieldException(at + ".label", "duplicates an earlier label");
            out.add(new ChoiceOption(label, nested(o, "text", MAX_TEXT, at)));
        }
        return out;
    }

    private static String nested(JsonNode node, String field, int max, String at) {
        try {
            return text(node, field, true, max);
        } catch (FieldException e) {
            throw new FieldException(at + "." + e.field(), e.getMessage());
        }
    }

    /**
     * The answer event: logprobs read from the response in whatever shape it has. An OpenAI chat or Responses reply
     * (whole or its stream events) is read as the proxy reads it: the first choice's text, or why it has none
     * (tool calls, refusal, empty, filtered).
     */
    public AnswerEvent toEvent(long sequence, Instant receivedAt) {
        return toEvent(sequence, receivedAt, "ingest");
    }

    /**
     * As {@link #toEvent(long, Instant)}, for another entrance that reads answers the way the ingest API does (the
     * OTLP traces endpoint: {@code otel}); {@code createdAt} is the answer's time.
     */
    public AnswerEvent toEvent(long sequence, Instant createdAt, String entrance) {
        Instant receivedAt = createdAt;
        TokenLogprobs logprobs;
        List<JsonNode> chunks = new ArrayList<>();
        if (response.isArray()) response.forEach(chunks::add);
        try {
            logprobs = response.isArray() ? LogprobParsers.parseStream(chunks) : LogprobParsers.parse(response);
        } catch (IllegalArgumentException e) {
            throw new FieldException("response", e.getMessage());
        }
        ReplyChoice reply = openAiReply(logprobs.endpoint(), chunks);
        String text = answerText != null ? answerText : reply != null ? reply.text() : replyText(response);
        // the caller's own answerText is the answer, whatever the response says
        String noText = answerText != null ? null : reply != null ? reply.noTextReason()
                : Replies.noTextReason(text, null, false, null);
        return AnswerEvents.of(new AnswerEvents.Answer(answerId != null ? answerId : UUID.randomUUID().toString(), receivedAt,
                model, source, entrance, endpointName(logprobs.endpoint()), sequence, null, question, options, text, goldLabel,
                logprobs, logprobs.isEmpty() ? "the response carries no logprobs" : null, null, null,
                reply == null ? null : reply.index(), noText));
    }

    private ReplyChoice openAiReply(EndpointKind kind, List<JsonNode> chunks) {
        try {
            List<ReplyChoice> choices = switch (kind) {
                case OPENAI_CHAT -> Replies.chat(response);
                case OPENAI_CHAT_STREAM -> response.isArray() ? Replies.chatStream(chunks) : Replies.chatStream(List.of(response));
                case OPENAI_RESPONSES -> List.of(Replies.responses(response));
                case OPENAI_RESPONSES_STREAM -> List.of(Replies.responsesStream(response.isArray() ? chunks : List.of(response)));
                default -> List.of();
            };
            return choices.stream().filter(c -> c.index() == null || c.index() == 0).findFirst()
                    .orElse(choices.isEmpty() ? null : choices.get(0));
        } catch (IllegalArgumentException e) {
            throw new FieldException("response", e.getMessage());
        }
    }

    private static String endpointName(EndpointKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The generated text in the shapes the parsers read; empty when none is found. */
    static String replyText(JsonNode response) {
        if (response.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode chunk : response) {
                JsonNode c = chunk.path("choices").path(0);
                if (c.path("delta").path("content").isTextual()) sb.append(c.path("delta").path("content").asText());
                else if (chunk.path("message").path("content").isTextual()) sb.append(chunk.path("message").path("content").asText());
                else if (chunk.path("response").isTextual()) sb.append(chunk.path("response").asText());
            }
            return sb.toString();
        }
        JsonNode c = response.path("choices").path(0);
        if (c.path("message").path("content").isTextual()) return c.path("message").path("content").asText();
        if (c.path("text").isTextual()) return c.path("text").asText();
        if (response.path("message").path("content").isTextual()) return response.path("message").path("content").asText();
        if (response.path("response").isTextual()) return response.path("response").asText();
        if (response.path("content").isTextual()) return response.path("content").asText();
        return "";
    }
}

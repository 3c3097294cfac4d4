package io.cpa.answer.reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads the answers of an OpenAI-shaped reply (chat completions or the Responses API, whole or as stream events):
 * each choice's text, why it has none, its finish reason and its token logprobs. Plain functions over JSON, shared by
 * the proxy, the ingest API and the benchmark runner, so that every entrance judges a reply the same way.
 *
 * <p>No answer text, and why: {@code finish_reason: content_filter} (or a Responses reply incomplete for
 * {@code content_filter}) is {@code filtered}, whatever partial text came; a refusal ({@code message.refusal}, a
 * Responses {@code refusal} part) is {@code refusal}; blank text with tool calls ({@code tool_calls},
 * {@code function_call}, Responses {@code *_call} items) is {@code tool-calls}; other blank text is {@code empty}.
 * Text beside tool calls is an answer. A reply cut by {@code length} is an answer of the tokens it has.
 */
public final class Replies {
    private static final String NO_LOGPROBS = "endpoint returned no logprobs";

    private Replies() {}

    /** The answers of a chat completion, one per choice in index order; an {@link IllegalArgumentException} when it has no {@code choices}. */
    public static List<ReplyChoice> chat(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("choices").isArray()) {
            throw new IllegalArgumentException("field choices: expected an array");
        }
        JsonNode choices = body.get("choices");
        List<ReplyChoice> out = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            int index = choice.path("index").asInt(i);
            JsonNode message = choice.path("message");
            String text = message.has("content") ? contentText(message.get("content")) : choice.path("text").asText("");
            boolean tools = nonEmpty(message.path("tool_calls")) || message.path("function_call").isObject();
            String finish = textOrNull(choice.path("finish_reason"));
            int at = index;
            out.add(choice(index, text, textOrNull(message.path("refusal")), tools, finish, () -> LogprobParsers.openAiChat(body, at)));
        }
        out.sort(Comparator.comparing(ReplyChoice::index));
        return out;
    }

    /** The answers of a streamed chat completion, from its chunks' JSON, one per choice index seen. */
    public static List<ReplyChoice> chatStream(List<JsonNode> chunks) {
        final class Acc {
            final StringBuilder text = new StringBuilder();
            final StringBuilder refusal = new StringBuilder();
            boolean tools;
            String finish;
        }
        Map<Integer, Acc> byIndex = new TreeMap<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.path("choices")) {
                Acc acc = byIndex.computeIfAbsent(choice.path("index").asInt(0), k -> new Acc());
                JsonNode delta = choice.path("delta");
                acc.text.append(contentText(delta.path("content")));
                if (delta.path("refusal").isTextual()) acc.refusal.append(delta.path("refusal").asText());
                if (nonEmpty(delta.path("tool_calls")) || delta.path("function_call").isObject()) acc.tools = true;
                if (choice.path("finish_reason").isTextual()) acc.finish = choice.path("finish_reason").asText();
            }
        }
        List<ReplyChoice> out = new ArrayList<>();
        byIndex.forEach((index, acc) -> out.add(choice(index, acc.text.toString(), acc.refusal.toString(), acc.tools, acc.finish,
                () -> LogprobParsers.openAiChatStream(chunks, index))));
        return out;
    }

    /** The answer of a Responses API reply ({@code object: "response"}). */
    public static ReplyChoice responses(JsonNode response) {
        return responses(response, () -> LogprobParsers.openAiResponses(response));
    }

    /**
     * The answer of a streamed Responses reply, from its events' JSON: text and kind from the final response
     * ({@code response.completed} / {@code incomplete} / {@code failed}), or from the deltas when the stream ended
     * without one; logprobs from the deltas ({@link LogprobParsers#openAiResponsesStream}).
     */
    public static ReplyChoice responsesStream(List<JsonNode> events) {
        Supplier<TokenLogprobs> logprobs = () -> LogprobParsers.openAiResponsesStream(events);
        for (int i = events.size() - 1; i >= 0; i--) {
            JsonNode e = events.get(i);
            String type = e.path("type").asText("");
            if ((type.equals("response.completed") || type.equals("response.incomplete") || type.equals("response.failed"))
                    && e.path("response").isObject()) {
                return responses(e.get("response"), logprobs);
            }
        }
        List<JsonNode> deltas = new ArrayList<>();
        StringBuilder refusal = new StringBuilder();
        boolean tools = false;
        for (JsonNode e : events) {
            String type = e.path("type").asText("");
            if (type.equals("response.output_text.delta")) deltas.add(e);
            else if (type.equals("response.refusal.delta")) refusal.append(e.path("delta").asText(""));
            else if (type.equals("response.output_item.added") && e.path("item").path("type").asText("").endsWith("_call")) tools = true;
        }
        deltas.sort(Comparator.comparingInt((JsonNode d) -> d.path("output_index").asInt(0))
                .thenComparingInt(d -> d.path("content_index").asInt(0))
                .thenComparingLong(d -> d.path("sequence_number").asLong(0)));
        StringBuilder text = new StringBuilder();
        for (JsonNode d : deltas) text.append(d.path("delta").asText(""));
        return choice(null, text.toString(), refusal.toString(), tools, null, logprobs);
    }

    private static ReplyChoice responses(JsonNode response, Supplier<TokenLogprobs> logprobs) {
        if (response == null || !response.isObject() || !response.path("output").isArray()) {
            throw new IllegalArgumentException("field output: expected an array");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        boolean tools = false;
        for (JsonNode item : response.get("output")) {
            String type = item.path("type").asText("");
            if (type.equals("message")) {
                for (JsonNode part : item.path("content")) {
                    String partType = part.path("type").asText("");
                    if (partType.equals("output_text")) text.append(part.path("text").asText(""));
                    else if (partType.equals("refusal")) refusal.append(part.path("refusal").asText(""));
                }
            } else if (type.endsWith("_call")) {
                tools = true;
            }
        }
        String status = response.path("status").asText("");
        String incomplete = response.path("incomplete_details").path("reason").asText("");
        String finish = switch (status) {
            case "completed" -> "stop";
            case "incomplete" -> incomplete.equals("max_output_tokens") ? "length" : incomplete.isEmpty() ? "incomplete" : incomplete;
            case "" -> null;
            default -> status;
        };
        return choice(null, text.toString(), refusal.toString(), tools, finish, logprobs);
    }

    /** Why an answer has no text to be certain about, or null when it has. */
    public static String noTextReason(String text, String refusal, boolean toolCalls, String finishReason) {
        if ("content_filter".equals(finishReason)) return AnswerEvent.FILTERED;
        if (refusal != null && !refusal.isBlank()) return AnswerEvent.REFUSAL;
        if (text == null || text.isBlank()) return toolCalls ? AnswerEvent.TOOL_CALLS : AnswerEvent.EMPTY;
        return null;
    }

    private static ReplyChoice choice(Integer index, String text, String refusal, boolean tools, String finish,
                                      Supplier<TokenLogprobs> logprobs) {
        String noText = noTextReason(text, refusal, tools, finish);
        TokenLogprobs lp;
        String noLogprobs;
        try {
            lp = logprobs.get();
            noLogprobs = lp.isEmpty() ? NO_LOGPROBS : null;
        } catch (IllegalArgumentException e) {
            lp = null;
            noLogprobs = "unreadable logprobs: " + e.getMessage();
        }
        return new ReplyChoice(index, text, noText, finish, lp, noLogprobs);
    }

    /** A message content: a string, or the text of its {@code text} / {@code output_text} parts joined; else empty. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) return "";
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asText("");
                if ((type.equals("text") || type.equals("output_text")) && part.path("text").isTextual()) sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static boolean nonEmpty(JsonNode array) {
        return array.isArray() && !array.isEmpty();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}

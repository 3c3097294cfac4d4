package io.cpa.answer.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.reply.Replies;
import io.cpa.answer.reply.ReplyChoice;
import io.cpa.event.AnswerEvent;
import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A proxied exchange as answer events, without HTTP: the question is the last user turn of the request (chat
 * {@code messages}, Responses {@code input}); system prompts, {@code instructions} and earlier turns are context, not
 * the question. A last user turn in the answer-prompt format makes a multiple-choice answer. Each choice of the reply
 * is its own answer with its index ({@code n > 1}); a choice without text is published with its reason.
 */
public final class ProxiedAnswers {
    private ProxiedAnswers() {}

    /** The series labels of the exchange: model as the caller asked, source from the headers, the route taken. */
    public record Labels(String model, String source, String route) {}

    /**
     * The answers of a 2xx reply; empty when the reply holds none (not the expected shape, no choices). Each answer's
     * id is {@link #answerId}: the exchange's {@code answerId} (told to the caller before the reply), with the choice
     * index appended when the request asked for several choices or the reply holds several.
     */
    public static List<AnswerEvent> of(Exchange.Prepared prepared, List<byte[]> reply, boolean streamed, Labels labels,
                                       Instant createdAt, LongSupplier sequence, String answerId) {
        List<ReplyChoice> choices = read(prepared.api(), reply, streamed);
        if (choices.isEmpty()) return List.of();
        String user = lastUserText(prepared.api(), prepared.request());
        Optional<AnswerPromptParser.Parsed> mc = AnswerPromptParser.parse(user);
        String question = mc.map(AnswerPromptParser.Parsed::question).orElse(user == null ? "" : user);
        List<ChoiceOption> options = mc.map(AnswerPromptParser.Parsed::options).orElse(List.of());
        JsonNode temperature = prepared.request().path("temperature");
        boolean several = choices.size() > 1 || severalAsked(prepared);
        List<AnswerEvent> out = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            ReplyChoice c = choices.get(i);
            String id = answerId(answerId, several, c.index() == null ? i : c.index());
            out.add(AnswerEvents.of(new AnswerEvents.Answer(id, createdAt, labels.model(), labels.source(), "proxy",
                    prepared.api().endpoint(streamed), sequence.getAsLong(), null, question, options, c.text(), null,
                    c.logprobs(), c.noLogprobsReason(), temperature.isNumber() ? temperature.asDouble() : null,
                    labels.route(), c.index(), c.noTextReason())));
        }
        return out;
    }

    /** Whether the request asks for several choices ({@code n > 1}, chat only). */
    static boolean severalAsked(Exchange.Prepared prepared) {
        return prepared.api() == Exchange.Api.CHAT && prepared.request().path("n").asInt(1) > 1;
    }

    /** A choice's answer id: the exchange's id, or {@code <id>:<choice index>} when there are several choices. */
    public static String answerId(String exchangeId, boolean several, int choiceIndex) {
        return several ? exchangeId + ":" + choiceIndex : exchangeId;
    }

    static List<ReplyChoice> read(Exchange.Api api, List<byte[]> reply, boolean streamed) {
        try {
            if (streamed) {
                List<JsonNode> events = new ArrayList<>();
                for (byte[] e : reply) {
                    JsonNode json = SseEvents.json(e);
                    if (json != null) events.add(json);
                }
                if (events.isEmpty()) return List.of();
                return api == Exchange.Api.CHAT ? Replies.chatStream(events) : List.of(Replies.responsesStream(events));
            }
            JsonNode body = reply.isEmpty() ? null : Exchange.readOrNull(reply.get(0));
            if (body == null) return List.of();
            return api == Exchange.Api.CHAT ? Replies.chat(body) : List.of(Replies.responses(body));
        } catch (IllegalArgumentException notThatShape) {
            return List.of();
        }
    }

    /** The text of the last user turn: a string content, or the text parts of a content array joined; null when none. */
    public static String lastUserText(Exchange.Api api, JsonNode request) {
        JsonNode turns = api == Exchange.Api.CHAT ? request.path("messages") : request.path("input");
        if (api == Exchange.Api.RESPONSES && turns.isTextual()) return turns.asText();
        for (int i = turns.size() - 1; i >= 0; i--) {
            JsonNode m = turns.get(i);
            if (!"user".equals(m.path("role").asText())) continue;
            JsonNode content = m.path("content");
            if (content.isTextual()) return content.asText();
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if ((type.equals("text") || type.equals("input_text")) && part.path("text").isTextual()) {
                    if (!sb.isEmpty()) sb.append('\n');
                    sb.append(part.path("text").asText());
                }
            }
            return sb.toString();
        }
        return null;
    }
}

package io.cpa.answer.model;

import io.cpa.client.ChatResponse;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns a model's reply to the answer prompt into an answer event: IC by Algorithm 1 from the first token's top-k,
 * the chosen option from the reply text (falling back to the most probable option token), correctness when the
 * gold label is known. The series model name is the configured one, not the reply's {@code model} field, which
 * endpoints fill with dated snapshot names that would split one series into many.
 */
public final class MultipleChoiceAnswers {
    private MultipleChoiceAnswers() {}

    public static AnswerEvent of(Question q, ChatResponse reply, String model, String source, long sequence,
                                 Double temperature, boolean logprobsAsked) {
        TokenLogprobs logprobs = logprobsAsked ? LogprobParsers.openAiChat(reply.body()) : null;
        boolean hasLogprobs = logprobs != null && !logprobs.isEmpty();
        InternalConfidence ic = hasLogprobs
                ? OptionConfidence.compute(logprobs, q.labels())
                : InternalConfidence.missing(OptionConfidence.AGGREGATOR, OptionConfidence.VERSION, "endpoint returned no logprobs");
        String chosen = chosenLabel(q, reply.content());
        if (chosen == null) chosen = ic.chosenOption();
        Boolean correct = q.gold() == null || chosen == null ? null : q.gold().equals(chosen);
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
                model, source, "benchmark", "openai-chat", sequence, q.id(), q.text(),
                q.options(), reply.content(), chosen, q.gold(), correct, hasLogprobs ? logprobs : null, ic,
                hasLogprobs ? ConfidenceSource.LOGPROBS : ConfidenceSource.NONE, temperature);
    }

    /** The option label the reply text names: {@code B}, {@code b.}, {@code (B)}, {@code B. a library}. */
    public static String chosenLabel(Question q, String content) {
        if (content == null) return null;
        String head = content.strip();
        int end = 0;
        while (end < head.length() && !Character.isLetterOrDigit(head.charAt(end))) end++;
        int start = end;
        while (end < head.length() && Character.isLetterOrDigit(head.charAt(end))) end++;
        String token = head.substring(start, end).toUpperCase(Locale.ROOT);
        for (ChoiceOption o : q.options()) {
            if (o.label().toUpperCase(Locale.ROOT).equals(token)) return o.label();
        }
        return null;
    }
}

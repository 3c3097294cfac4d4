package io.cpa.answer.model;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.confidence.SequenceConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one event builder of the three entrances (benchmark, proxy, ingest). Multiple choice (options known): IC by
 * Algorithm 1 and the chosen option from the reply text, else from the most probable option token; with a gold
 * label, an answer that names no option is incorrect. Free-form: IC as the geometric mean token probability
 * ({@code mean-logprob}). Without logprobs the IC is missing with the reason and the confidence source is
 * {@code NONE}: never a made-up value. An answer without text (tool calls only, a refusal, empty or filtered content)
 * is published too, with its {@code noTextReason} and a missing IC, so that the certainty-service counts it as a
 * skip with that reason instead of losing it.
 */
public final class AnswerEvents {
    private AnswerEvents() {}

    /**
     * What is known of one answer, whatever the entrance.
     *
     * @param model        the series model name: the one the caller or the run asked for, not the reply's {@code model}
     *                     field, which endpoints fill with dated snapshot names that would split one series into many
     * @param noTextReason one of {@link AnswerEvent#NO_TEXT_REASONS} when the reply has no answer text, else null
     */
    public record Answer(String answerId, Instant createdAt, String model, String source, String entrance, String endpoint,
                         long sequence, String questionId, String question, List<ChoiceOption> options, String answerText,
                         String goldLabel, TokenLogprobs logprobs, String noLogprobsReason, Double temperature,
                         String route, Integer choiceIndex, String noTextReason) {
        public Answer {
            Objects.requireNonNull(answerId, "answerId");
            options = options == null ? List.of() : List.copyOf(options);
            question = question == null ? "" : question;
        }
    }

    public static AnswerEvent of(Answer a) {
        boolean hasText = a.noTextReason() == null;
        boolean hasLogprobs = hasText && a.logprobs() != null && !a.logprobs().isEmpty();
        String reason = !hasText ? "no answer text: " + a.noTextReason()
                : a.noLogprobsReason() != null ? a.noLogprobsReason() : "endpoint returned no logprobs";
        InternalConfidence ic;
        String chosen = null;
        Boolean correct = null;
        if (!a.options().isEmpty()) {
            List<String> labels = a.options().stream().map(ChoiceOption::label).toList();
            ic = hasLogprobs ? OptionConfidence.compute(a.logprobs(), labels)
                    : InternalConfidence.missing(OptionConfidence.AGGREGATOR, OptionConfidence.VERSION, reason);
            if (hasText) {
                chosen = chosenLabel(a.options(), a.answerText());
                if (chosen == null) chosen = ic.chosenOption();
            }
            // an answer that names no option did not choose the right one: incorrect, not unknown
            correct = a.goldLabel() == null ? null : a.goldLabel().equals(chosen);
        } else {
            ic = hasLogprobs ? SequenceConfidence.meanLogprob(a.logprobs())
                    : InternalConfidence.missing(SequenceConfidence.MEAN_LOGPROB, SequenceConfidence.VERSION, reason);
        }
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, a.answerId(), a.createdAt(), a.model(), a.source(), a.entrance(),
                a.endpoint(), a.sequence(), a.questionId(), a.question(), a.options(), a.answerText(), chosen, a.goldLabel(),
                correct, hasLogprobs ? a.logprobs() : null, ic, hasLogprobs ? ConfidenceSource.LOGPROBS : ConfidenceSource.NONE,
                a.temperature(), null, null, null, a.route(), a.noTextReason(), a.choiceIndex());
    }

    /** The option label the reply text names: {@code B}, {@code b.}, {@code (B)}, {@code B. a library}; else null. */
    public static String chosenLabel(List<ChoiceOption> options, String content) {
        if (content == null) return null;
        String head = content.strip();
        int end = 0;
        while (end < head.length() && !Character.isLetterOrDigit(head.charAt(end))) end++;
        int start = end;
        while (end < head.length() && Character.isLetterOrDigit(head.charAt(end))) end++;
        String token = head.substring(start, end).toUpperCase(Locale.ROOT);
        for (ChoiceOption o : options) {
            if (o.label().toUpperCase(Locale.ROOT).equals(token)) return o.label();
        }
        return null;
    }

    /** A series label from a header or field: '|' separates the parts of a series key, so it is replaced. */
    public static String label(String value, String fallback) {
        if (value == null || value.isBlank()) return fallback;
        String v = value.strip().replace('|', '/');
        return v.length() > 128 ? v.substring(0, 128) : v;
    }
}

package io.cpa.answer.model;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.confidence.SequenceConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;

import java.time.Instant;
import java.util.List;

/**
 * The answer event of the proxy and the ingest API. Multiple choice (options known): IC by Algorithm 1 and the
 * chosen option from the reply text, else from the most probable option token. Free-form: IC as the geometric mean
 * token probability ({@code mean-logprob}). Without logprobs the IC is missing with the reason and the confidence
 * source is {@code NONE}: never a made-up value.
 */
public final class AnswerEvents {
    private AnswerEvents() {}

    /** What is known of one answer, whatever the entrance. */
    public record Answer(String answerId, Instant createdAt, String model, String source, String entrance, String endpoint,
                         long sequence, String question, List<ChoiceOption> options, String answerText, String goldLabel,
                         TokenLogprobs logprobs, String noLogprobsReason, Double temperature) {}

    public static AnswerEvent of(Answer a) {
        boolean hasLogprobs = a.logprobs() != null && !a.logprobs().isEmpty();
        String reason = a.noLogprobsReason() != null ? a.noLogprobsReason() : "endpoint returned no logprobs";
        InternalConfidence ic;
        String chosen = null;
        Boolean correct = null;
        if (!a.options().isEmpty()) {
            List<String> labels = a.options().stream().map(ChoiceOption::label).toList();
            ic = hasLogprobs ? OptionConfidence.compute(a.logprobs(), labels)
                    : InternalConfidence.missing(OptionConfidence.AGGREGATOR, OptionConfidence.VERSION, reason);
            Question q = new Question("-", a.source(), a.question(), a.options(), a.goldLabel());
            chosen = MultipleChoiceAnswers.chosenLabel(q, a.answerText());
            if (chosen == null) chosen = ic.chosenOption();
            correct = a.goldLabel() == null || chosen == null ? null : a.goldLabel().equals(chosen);
        } else {
            ic = hasLogprobs ? SequenceConfidence.meanLogprob(a.logprobs())
                    : InternalConfidence.missing(SequenceConfidence.MEAN_LOGPROB, SequenceConfidence.VERSION, reason);
        }
        return new AnswerEvent(AnswerEvent.SCHEMA_VERSION, a.answerId(), a.createdAt(), a.model(), a.source(), a.entrance(),
                a.endpoint(), a.sequence(), null, a.question(), a.options(), a.answerText(), chosen, a.goldLabel(), correct,
                hasLogprobs ? a.logprobs() : null, ic, hasLogprobs ? ConfidenceSource.LOGPROBS : ConfidenceSource.NONE,
                a.temperature());
    }

    /** A series label from a header or field: '|' separates the parts of a series key, so it is replaced. */
    public static String label(String value, String fallback) {
        if (value == null || value.isBlank()) return fallback;
        String v = value.strip().replace('|', '/');
        return v.length() > 128 ? v.substring(0, 128) : v;
    }
}

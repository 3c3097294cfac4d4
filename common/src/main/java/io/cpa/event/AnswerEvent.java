package io.cpa.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.cpa.auth.Tenants;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.confidence.OptionConfidence;
import io.cpa.confidence.SequenceConfidence;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An answer of a model, with what its token probabilities say: the value of {@code cpa.answers}, keyed by answer id.
 *
 * @param answerId         unique id; the certainty-service deduplicates on it
 * @param createdAt        when the model's answer was received
 * @param model            the model name as the endpoint reported it (or as configured)
 * @param source           route, application or dataset the answer belongs to
 * @param entrance         how it entered: {@code benchmark}, {@code proxy}, {@code ingest}
 * @param endpoint         the response shape logprobs were read from
 * @param sequence         a producer-assigned, increasing number, for stable ordering downstream
 * @param questionId       dataset id of the question, when from a dataset
 * @param options          the options for multiple choice, empty for free-form answers
 * @param chosenOption     the option label the model chose (multiple choice), else null
 * @param goldLabel        the correct option when known, else null
 * @param correct          whether chosenOption equals goldLabel; with options and a gold label, an answer naming no
 *                         option is incorrect (derived when not given)
 * @param logprobs         the canonical token logprobs, or null when the endpoint gave none
 * @param confidence       the internal confidence, possibly missing with a reason
 * @param confidenceSource {@code NONE} when the endpoint gave no logprobs
 * @param temperature      sampling temperature of the answer call, when known
 * @param runId            the benchmark run or study this answer belongs to, else null
 * @param certaintyVariants certainty prompt variants to ask for this answer; null = the certainty-service's default
 * @param certaintyTemperature temperature of the certainty call for this answer; null = the service's default
 * @param route            the name of the route the answer came through (never a key), when known
 * @param noTextReason     why the reply has no answer text to be certain about: {@code tool-calls}, {@code refusal},
 *                         {@code empty}, {@code filtered}; null when it has text
 * @param choiceIndex      the choice of a reply with several ({@code n > 1}), when the reply had several or said which
 * @param tenant           the tenant the answer belongs to, stamped by the entrance from its caller; null (and absent
 *                         from the JSON) for {@link Tenants#DEFAULT}, so events of a deployment without tenants and
 *                         events written before tenants existed read the same
 * @param redaction        what was done to the private text (question, option texts, answer) under the route's or
 *                         tenant's text policy; null when it is as it came
 */
public record AnswerEvent(
        @JsonDeserialize(using = EventJson.SchemaVersion.class) int schemaVersion,
        String answerId,
        Instant createdAt,
        String model,
        String source,
        String entrance,
        String endpoint,
        long sequence,
        String questionId,
        String question,
        List<ChoiceOption> options,
        String answerText,
        String chosenOption,
        String goldLabel,
        Boolean correct,
        TokenLogprobs logprobs,
        InternalConfidence confidence,
        ConfidenceSource confidenceSource,
        Double temperature,
        String runId,
        List<String> certaintyVariants,
        Double certaintyTemperature,
        String route,
        String noTextReason,
        Integer choiceIndex,
        String tenant,
        io.cpa.privacy.TextRedaction redaction) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TOOL_CALLS = "tool-calls";
    public static final String REFUSAL = "refusal";
    public static final String EMPTY = "empty";
    public static final String FILTERED = "filtered";
    /** The values of {@link #noTextReason()}: a reply of tool calls only, a refusal, empty content, content filtered. */
    public static final java.util.Set<String> NO_TEXT_REASONS = java.util.Set.of(TOOL_CALLS, REFUSAL, EMPTY, FILTERED);

    /** An answer of the default tenant whose text is as it came. */
    public AnswerEvent(int schemaVersion, String answerId, Instant createdAt, String model, String source, String entrance,
                       String endpoint, long sequence, String questionId, String question, List<ChoiceOption> options,
                       String answerText, String chosenOption, String goldLabel, Boolean correct, TokenLogprobs logprobs,
                       InternalConfidence confidence, ConfidenceSource confidenceSource, Double temperature, String runId,
                       List<String> certaintyVariants, Double certaintyTemperature, String route, String noTextReason,
                       Integer choiceIndex) {
        this(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId, question, options,
                answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource, temperature, runId,
                certaintyVariants, certaintyTemperature, route, noTextReason, choiceIndex, null, null);
    }

    /** An answer as the fields of schema version 1 before routes: no route, text of its own, one choice. */
    public AnswerEvent(int schemaVersion, String answerId, Instant createdAt, String model, String source, String entrance,
                       String endpoint, long sequence, String questionId, String question, List<ChoiceOption> options,
                       String answerText, String chosenOption, String goldLabel, Boolean correct, TokenLogprobs logprobs,
                       InternalConfidence confidence, ConfidenceSource confidenceSource, Double temperature, String runId,
                       List<String> certaintyVariants, Double certaintyTemperature) {
        this(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId, question, options,
                answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource, temperature, runId,
                certaintyVariants, certaintyTemperature, null, null, null);
    }

    /** An answer outside any run, certainty asked as the service is configured. */
    public AnswerEvent(int schemaVersion, String answerId, Instant createdAt, String model, String source, String entrance,
                       String endpoint, long sequence, String questionId, String question, List<ChoiceOption> options,
                       String answerText, String chosenOption, String goldLabel, Boolean correct, TokenLogprobs logprobs,
                       InternalConfidence confidence, ConfidenceSource confidenceSource, Double temperature) {
        this(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId, question, options,
                answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource, temperature, null, null, null);
    }

    public AnswerEvent {
        Objects.requireNonNull(answerId, "answerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(confidenceSource, "confidenceSource");
        options = options == null ? List.of() : List.copyOf(options);
        // a labelled multiple-choice answer that names no option did not choose the right one: incorrect, not unknown
        if (correct == null && goldLabel != null && !options.isEmpty()) correct = goldLabel.equals(chosenOption);
        certaintyVariants = certaintyVariants == null ? null : List.copyOf(certaintyVariants);
        if (certaintyTemperature != null && (certaintyTemperature < 0 || certaintyTemperature > 2)) {
            throw new IllegalArgumentException("certaintyTemperature outside [0,2]: " + certaintyTemperature);
        }
        if (route != null && (route.isBlank() || route.indexOf('|') >= 0)) {
            throw new IllegalArgumentException("route must be a non-blank name without '|', was '" + route + "'");
        }
        if (noTextReason != null && !NO_TEXT_REASONS.contains(noTextReason)) {
            throw new IllegalArgumentException("noTextReason '" + noTextReason + "' is not one of " + new java.util.TreeSet<>(NO_TEXT_REASONS));
        }
        if (choiceIndex != null && choiceIndex < 0) throw new IllegalArgumentException("choiceIndex is negative: " + choiceIndex);
        // an event that says its text was withheld or cut must not carry it anyway
        if (redaction != null) redaction.requireAnswer(question, options.stream().map(ChoiceOption::text).toList(), answerText, logprobs != null);
        tenant = storedTenant(tenant);
    }

    /** The default tenant is stored as null, so that its events are written exactly as before tenants existed. */
    static String storedTenant(String tenant) {
        String t = Tenants.normalize(tenant);
        return Tenants.DEFAULT.equals(t) ? null : t;
    }

    /** The answer's tenant, {@link Tenants#DEFAULT} when it names none. */
    public String tenantOrDefault() { return tenant == null ? Tenants.DEFAULT : tenant; }

    /** This answer stamped with the tenant of the caller that sent it in. */
    public AnswerEvent withTenant(String tenant) {
        return new AnswerEvent(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId,
                question, options, answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource,
                temperature, runId, certaintyVariants, certaintyTemperature, route, noTextReason, choiceIndex, tenant, redaction);
    }

    /** False when the answer has no text to be certain about; {@link #noTextReason()} says why. */
    public boolean hasText() { return noTextReason == null; }

    public boolean multipleChoice() { return !options.isEmpty(); }

    /**
     * Why the IC this event carries is not the one its own logprobs give under its aggregator and version, or null
     * when it is (or cannot be recomputed here: another aggregator or version, no logprobs carried). An event whose IC and
     * logprobs disagree (an emptied top-k list, edited values) was not written by this method, and its IC must not be
     * correlated with anything.
     */
    public String confidenceMismatch() {
        // an event may leave its logprobs out (they are large); then there is nothing to check against
        if (confidenceSource != ConfidenceSource.LOGPROBS || confidence.value() == null) return null;
        if (logprobs == null || logprobs.isEmpty()) return null;
        InternalConfidence recomputed;
        if (OptionConfidence.AGGREGATOR.equals(confidence.aggregator()) && confidence.version() == OptionConfidence.VERSION
                && !options.isEmpty()) {
            recomputed = OptionConfidence.compute(logprobs, options.stream().map(ChoiceOption::label).toList());
        } else if (confidence.version() == SequenceConfidence.VERSION && List.of(SequenceConfidence.JOINT, SequenceConfidence.MEAN_LOGPROB, SequenceConfidence.MIN_PROB)
                .contains(confidence.aggregator())) {
            recomputed = SequenceConfidence.compute(logprobs, confidence.aggregator());
        } else {
            return null;
        }
        if (recomputed.value() == null) {
            return "confidence.value " + confidence.value() + " but logprobs give no IC: " + recomputed.missingReason();
        }
        if (Math.abs(recomputed.value() - confidence.value()) > 1e-9) {
            return "confidence.value " + confidence.value() + " but logprobs give " + recomputed.value()
                    + " (" + confidence.aggregator() + "@" + confidence.version() + ")";
        }
        return null;
    }

    /** This answer as part of a run, with the certainty variants and temperature the run asks for. */
    public AnswerEvent forRun(String runId, List<String> certaintyVariants, Double certaintyTemperature) {
        return new AnswerEvent(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId,
                question, options, answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource,
                temperature, runId, certaintyVariants, certaintyTemperature, route, noTextReason, choiceIndex, tenant, redaction);
    }

    /** This answer with other private text (question, options, answer, logprobs) and what was done to it. */
    public AnswerEvent withText(String question, List<ChoiceOption> options, String answerText, TokenLogprobs logprobs,
                                io.cpa.privacy.TextRedaction redaction) {
        return new AnswerEvent(schemaVersion, answerId, createdAt, model, source, entrance, endpoint, sequence, questionId,
                question, options, answerText, chosenOption, goldLabel, correct, logprobs, confidence, confidenceSource,
                temperature, runId, certaintyVariants, certaintyTemperature, route, noTextReason, choiceIndex, tenant, redaction);
    }
}

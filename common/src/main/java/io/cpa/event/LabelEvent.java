package io.cpa.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.cpa.auth.Tenants;
import io.cpa.label.LabelKind;

import java.time.Instant;
import java.util.Objects;

/**
 * A later judgement of one answer: the value of {@code cpa.labels}, keyed by {@link #answerId()}. Exactly one verdict
 * form is present: a gold option (multiple choice: the answer is correct when it chose that option), a verdict
 * ({@code correct} true or false), or a score in [0, 1] with a threshold (correct when score >= threshold).
 *
 * <p>A label is idempotent on (answer id, labeller): a second label by the same labeller replaces the first, labels of
 * different labellers are kept apart.
 *
 * @param labelId    unique per accepted label, for tracing (the replacement rule uses answer id and labeller)
 * @param answerId   the answer judged
 * @param labeller   {@code human[:<name>]}, {@code user-feedback[:<name>]} or {@code judge:<model>}
 * @param goldOption the correct option's label, for multiple-choice answers; else null
 * @param correct    the verdict; else null
 * @param score      a grade in [0, 1]; else null
 * @param threshold  the score from which the answer counts as correct, in [0, 1]; only with a score (null there means
 *                   {@link #DEFAULT_THRESHOLD})
 * @param labelledAt when the labeller judged (the label's event time); the delay to the answer is measured from here
 * @param receivedAt when the product accepted the label
 * @param tenant     the tenant of the labeller and of the answer judged (a label is accepted only for an answer of the
 *                   caller's own tenant); null, and absent from the JSON, for {@link Tenants#DEFAULT}
 */
public record LabelEvent(
        @JsonDeserialize(using = EventJson.SchemaVersion.class) int schemaVersion,
        String labelId,
        String answerId,
        String labeller,
        String goldOption,
        Boolean correct,
        Double score,
        Double threshold,
        Instant labelledAt,
        Instant receivedAt,
        String tenant) {

    public static final int SCHEMA_VERSION = 1;
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The longest answer id and option label taken. */
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_OPTION_LENGTH = 16;

    /** A label of the default tenant. */
    public LabelEvent(int schemaVersion, String labelId, String answerId, String labeller, String goldOption,
                      Boolean correct, Double score, Double threshold, Instant labelledAt, Instant receivedAt) {
        this(schemaVersion, labelId, answerId, labeller, goldOption, correct, score, threshold, labelledAt, receivedAt, null);
    }

    public LabelEvent {
        Objects.requireNonNull(labelId, "labelId");
        if (answerId == null || answerId.isBlank()) throw new IllegalArgumentException("answerId is missing");
        if (answerId.length() > MAX_ID_LENGTH) throw new IllegalArgumentException("answerId is longer than " + MAX_ID_LENGTH + " characters");
        LabelKind.ofLabeller(labeller);
        int forms = (goldOption != null ? 1 : 0) + (correct != null ? 1 : 0) + (score != null ? 1 : 0);
        if (forms != 1) throw new IllegalArgumentException("exactly one of goldOption, correct, score must be given, found " + forms);
        if (goldOption != null && (goldOption.isBlank() || goldOption.length() > MAX_OPTION_LENGTH)) {
            throw new IllegalArgumentException("goldOption must be an option label of 1.." + MAX_OPTION_LENGTH + " characters");
        }
        if (score != null && (score.isNaN() || score < 0 || score > 1)) throw new IllegalArgumentException("score outside [0,1]: " + score);
        if (threshold != null) {
            if (score == null) throw new IllegalArgumentException("threshold is only taken with a score");
            if (threshold.isNaN() || threshold < 0 || threshold > 1) throw new IllegalArgumentException("threshold outside [0,1]: " + threshold);
        }
        Objects.requireNonNull(labelledAt, "labelledAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        tenant = AnswerEvent.storedTenant(tenant);
    }

    /** The label's tenant, {@link Tenants#DEFAULT} when it names none. */
    public String tenantOrDefault() { return tenant == null ? Tenants.DEFAULT : tenant; }

    /** This label stamped with the tenant of the caller that gave it. */
    public LabelEvent withTenant(String tenant) {
        return new LabelEvent(schemaVersion, labelId, answerId, labeller, goldOption, correct, score, threshold, labelledAt,
                receivedAt, tenant);
    }

    /** The labeller's kind (never {@link LabelKind#GOLD}). */
    public LabelKind kind() {
        return LabelKind.ofLabeller(labeller);
    }

    /**
     * The verdict on an answer that chose {@code chosenOption}: the verdict itself, score >= threshold, or the gold
     * option equal (case-insensitive, trimmed) to the chosen one. An answer that named no option is incorrect under a
     * gold option, as with gold labels that travel with the answer.
     */
    public boolean correctFor(String chosenOption) {
        if (correct != null) return correct;
        if (score != null) return score >= (threshold == null ? DEFAULT_THRESHOLD : threshold);
        return chosenOption != null && goldOption.trim().equalsIgnoreCase(chosenOption.trim());
    }

    /** The same judgement: two labels by one labeller with equal verdict fields (ids and times aside). */
    public boolean sameJudgement(LabelEvent other) {
        return labeller.equals(other.labeller) && Objects.equals(goldOption, other.goldOption)
                && Objects.equals(correct, other.correct) && Objects.equals(score, other.score)
                && Objects.equals(threshold, other.threshold);
    }
}

package io.cpa.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Answers the certainty-service did not ask about, for one prompt variant and one reason: the value of
 * {@code cpa.skips}, keyed by {@link #seriesKey()}. With {@code cpa.certainties} and {@code cpa.answers.dlq} it accounts
 * for every answer: each ends as a certainty per variant asked, a skip per variant, or one dead letter.
 * <p>
 * One skip stands for one answer ({@code answerId}) or, since schema version 2, for several answers of the same series,
 * route and reason ({@code answerIds}, {@code answerId} first): with sampling most answers are skipped, and a record
 * per answer would make {@code cpa.skips} as long as {@code cpa.answers} for answers nobody asks about. Version 1
 * (always one answer) is still read.
 *
 * @param reason     why: one of {@link #REASONS}
 * @param answeredAt of the first answer
 * @param answerIds  every answer this skip stands for, distinct, {@code answerId} first; absent for one answer
 */
public record SkipEvent(
        @JsonDeserialize(using = EventJson.SchemaVersion.class) int schemaVersion,
        String answerId,
        String seriesKey,
        String model,
        String source,
        String variant,
        String route,
        String reason,
        Instant answeredAt,
        Instant skippedAt,
        List<String> answerIds) {

    public static final int SCHEMA_VERSION = 2;
    /** The oldest version still read: a skip of one answer, without {@code answerIds}. */
    public static final int OLDEST_SCHEMA_VERSION = 1;

    /** No answer text: nothing to be certain about (method: replies without text). */
    public static final String TOOL_CALLS = "tool-calls";
    public static final String REFUSAL = "refusal";
    public static final String EMPTY = "empty";
    public static final String FILTERED = "filtered";
    /** The answer has no question to quote (e.g. a conversation without a user turn). */
    public static final String NO_QUESTION = "no-question";
    /** The model has no route, so nobody can be asked. */
    public static final String NO_ROUTE = "no-route";
    /** The route carries only its callers' credentials (pass-through without a key): asking anyone else is wrong. */
    public static final String NO_CREDENTIALS = "no-credentials";
    /** Not sampled, or over budget. */
    public static final String SAMPLING = "sampling";
    public static final String REQUEST_BUDGET = "request-budget";
    public static final String TOKEN_BUDGET = "token-budget";

    /**
     * The answer's text was withheld under the text policy {@code none} and this service cannot read it: no transit
     * key, or one that does not open its ciphertext (rotated).
     */
    public static final String TEXT_WITHHELD = "text-withheld";

    public static final Set<String> REASONS = Set.of(TOOL_CALLS, REFUSAL, EMPTY, FILTERED, NO_QUESTION, NO_ROUTE,
            NO_CREDENTIALS, SAMPLING, REQUEST_BUDGET, TOKEN_BUDGET, TEXT_WITHHELD);

    public SkipEvent {
        Objects.requireNonNull(answerId, "answerId");
        Objects.requireNonNull(seriesKey, "seriesKey");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(reason, "reason");
        if (!REASONS.contains(reason)) throw new IllegalArgumentException("reason '" + reason + "' is not one of " + new java.util.TreeSet<>(REASONS));
        if (answerIds != null) {
            answerIds = List.copyOf(answerIds);
            if (answerIds.isEmpty() || !answerIds.get(0).equals(answerId)) {
                throw new IllegalArgumentException("answerIds must start with answerId " + answerId);
            }
            if (new HashSet<>(answerIds).size() != answerIds.size()) throw new IllegalArgumentException("answerIds repeat an answer");
            if (answerIds.size() == 1) answerIds = null;
        }
    }

    /** A skip of one answer. */
    public SkipEvent(int schemaVersion, String answerId, String seriesKey, String model, String source, String variant,
                     String route, String reason, Instant answeredAt, Instant skippedAt) {
        this(schemaVersion, answerId, seriesKey, model, source, variant, route, reason, answeredAt, skippedAt, null);
    }

    /** The answers this skip stands for, {@code answerId} first. */
    public List<String> answers() {
        return answerIds == null ? List.of(answerId) : answerIds;
    }

    /** How many answers this skip stands for. */
    public int count() {
        return answerIds == null ? 1 : answerIds.size();
    }

    /** This skip standing for {@code ids} (this one's answer first), skipped at {@code at}. */
    public SkipEvent standingFor(List<String> ids, Instant at) {
        return new SkipEvent(SCHEMA_VERSION, answerId, seriesKey, model, source, variant, route, reason, answeredAt, at, ids);
    }

    /** One skip of one answer per answer this skip stands for: the view of a reader that accounts answer by answer. */
    public List<SkipEvent> perAnswer() {
        if (answerIds == null) return List.of(this);
        return answerIds.stream().map(id -> new SkipEvent(schemaVersion, id, seriesKey, model, source, variant, route, reason,
                answeredAt, skippedAt)).toList();
    }

    /** The tenant of the skipped answer, from the series key (which carries it, see {@link SeriesKey}). */
    public String tenantOrDefault() { return SeriesKey.tenantOf(seriesKey); }
}

package io.cpa.event;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An answer the certainty-service did not ask about, for one prompt variant: the value of {@code cpa.skips}, keyed by
 * {@link #seriesKey()}. With {@code cpa.certainties} and {@code cpa.answers.dlq} it accounts for every answer: each
 * ends as a certainty per variant asked, a skip per variant, or one dead letter.
 *
 * @param reason why: one of {@link #REASONS}
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
        Instant skippedAt) {

    public static final int SCHEMA_VERSION = 1;

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
    }

    /** The tenant of the skipped answer, from the series key (which carries it, see {@link SeriesKey}). */
    public String tenantOrDefault() { return SeriesKey.tenantOf(seriesKey); }
}

package io.cpa.answer.label;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.http.FieldException;
import io.cpa.event.LabelEvent;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One label as posted: {@code {answerId, labeller, goldOption | correct | score (+ threshold), labelledAt?}}, read
 * into a {@link LabelEvent}. The types are checked here; the rules of the event are {@link LabelEvent}'s and
 * {@link io.cpa.label.LabelKind}'s own, and each rejection names its field. Unknown fields are rejected, as the
 * ingest API does, so that a misspelt verdict field ({@code "corect"}) is not silently a label without one.
 */
public final class LabelRequest {
    static final List<String> VERDICTS = List.of("goldOption", "correct", "score");
    private static final Set<String> FIELDS = Set.of("answerId", "labeller", "goldOption", "correct", "score", "threshold", "labelledAt");

    private LabelRequest() {}

    /**
     * The label event of a posted body, received {@code now}; {@code labelledAt} defaults to now and may lie at most
     * {@code futureSkew} after it.
     */
    public static LabelEvent read(JsonNode body, Instant now, Duration futureSkew) {
        if (body == null || !body.isObject()) throw new FieldException("", "a label must be a JSON object");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new FieldException(f, "unknown field (expected one of " + new TreeSet<>(FIELDS) + ")");
        }
        String answerId = string(body, "answerId");
        String labeller = string(body, "labeller");
        String goldOption = string(body, "goldOption");
        Boolean correct = null;
        JsonNode c = present(body, "correct");
        if (c != null) {
            if (!c.isBoolean()) throw new FieldException("correct", "must be true or false");
            correct = c.asBoolean();
        }
        Double score = number(body, "score");
        Double threshold = number(body, "threshold");
        List<String> given = new ArrayList<>();
        for (String v : VERDICTS) if (present(body, v) != null) given.add(v);
        if (given.size() != 1) {
            throw new FieldException(String.join(",", given.isEmpty() ? VERDICTS : given),
                    "exactly one of goldOption, correct, score must be given, found " + given.size());
        }
        Instant labelledAt = now;
        String at = string(body, "labelledAt");
        if (at != null) {
            try {
                labelledAt = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeException e) {
                throw new FieldException("labelledAt", "must be an ISO-8601 time with an offset, e.g. 2025-05-01T12:00:00Z");
            }
            if (labelledAt.isAfter(now.plus(futureSkew))) {
                throw new FieldException("labelledAt", "lies in the future (more than " + futureSkew + " after now, " + now + ")");
            }
        }
        try {
            return new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answerId, labeller,
                    goldOption == null ? null : goldOption.strip(), correct, score, threshold, labelledAt, now);
        } catch (IllegalArgumentException e) {
            throw new FieldException(fieldOf(e.getMessage()), e.getMessage());
        }
    }

    /** The event's and LabelKind's messages begin with the field they are about ({@code "score outside [0,1]: 2.0"}). */
    static String fieldOf(String message) {
        String first = message == null ? "" : message.split("[ :]", 2)[0];
        return FIELDS.contains(first) ? first : "";
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static String string(JsonNode body, String field) {
        JsonNode n = present(body, field);
        if (n == null) return null;
        if (!n.isTextual()) throw new FieldException(field, "must be a string");
        return n.asText();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode n = present(body, field);
        if (n == null) return null;
        if (!n.isNumber()) throw new FieldException(field, "must be a number");
        return n.asDouble();
    }
}

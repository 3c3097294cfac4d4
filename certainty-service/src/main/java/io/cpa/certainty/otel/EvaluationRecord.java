package io.cpa.certainty.otel;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One OpenTelemetry log record (event) to emit: its event name, timestamp, attributes and body, free of any
 * OpenTelemetry type so that the mapping that builds it is plain code.
 *
 * @param eventName  always {@link EvaluationRecords#EVENT_NAME}
 * @param timestamp  when the certainty reply was received, or null to let the SDK stamp it
 * @param attributes attribute name to value, in a stable order; a value is a {@link String}, {@link Double},
 *                   {@link Long} or {@link Boolean}
 * @param body       a one-line human-readable summary (the attributes carry the data)
 */
public record EvaluationRecord(String eventName, Instant timestamp, Map<String, Object> attributes, String body) {
    public EvaluationRecord {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(body, "body");
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            Object v = a.getValue();
            if (!(v instanceof String || v instanceof Double || v instanceof Long || v instanceof Boolean)) {
                throw new IllegalArgumentException("attribute " + a.getKey() + " has a value of an unsupported type: " + v);
            }
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The value of {@code gen_ai.evaluation.name}. */
    public String evaluationName() {
        return (String) attributes.get(EvaluationRecords.EVALUATION_NAME);
    }
}

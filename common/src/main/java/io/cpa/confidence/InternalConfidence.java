package io.cpa.confidence;

import java.util.Objects;

/**
 * Internal confidence (IC): what the token probabilities say about one answer.
 * Either a value in (0, 1] or missing with a reason, never a made-up 0. Every value names the aggregator
 * and its version, so numbers from different aggregators are never mixed silently.
 *
 * @param value         IC, or null when missing
 * @param aggregator    e.g. {@code option-ratio} (Algorithm 1), {@code joint}, {@code mean-logprob}, {@code min-prob}
 * @param version       the aggregator's version
 * @param chosenOption  for multiple choice: the option label with the highest probability, else null
 * @param missingReason why there is no value, else null
 */
public record InternalConfidence(Double value, String aggregator, int version, String chosenOption, String missingReason) {
    public InternalConfidence {
        Objects.requireNonNull(aggregator, "aggregator");
        if (value == null && missingReason == null) throw new IllegalArgumentException("a missing IC needs a reason");
        if (value != null && (Double.isNaN(value) || value < 0 || value > 1)) {
            throw new IllegalArgumentException("IC outside [0,1]: " + value);
        }
    }

    public static InternalConfidence missing(String aggregator, int version, String reason) {
        return new InternalConfidence(null, aggregator, version, null, reason);
    }

    public boolean present() { return value != null; }
}

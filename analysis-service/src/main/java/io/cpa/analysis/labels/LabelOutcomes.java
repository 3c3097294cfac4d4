package io.cpa.analysis.labels;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of what became of labels: {@code cpa_labels_total{outcome}} per series a label reached ({@code applied},
 * {@code replaced}, {@code duplicate}, {@code expired}, {@code waiting} for the certainty in the series), and
 * {@code cpa_labels_dead_letters_total{reason}} ({@code invalid}, {@code unknown-answer}, {@code too-many-labellers},
 * {@code pending-overflow}).
 */
@ApplicationScoped
public class LabelOutcomes {
    public static final String APPLIED = "applied";
    public static final String REPLACED = "replaced";
    public static final String DUPLICATE = "duplicate";
    public static final String EXPIRED = "expired";
    public static final String WAITING = "waiting";
    public static final String INVALID = "invalid";
    public static final String UNKNOWN_ANSWER = "unknown-answer";
    public static final String TOO_MANY_LABELLERS = "too-many-labellers";
    public static final String PENDING_OVERFLOW = "pending-overflow";

    private final MeterRegistry registry;

    public LabelOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String outcome) {
        registry.counter("cpa.labels", "outcome", outcome).increment();
    }

    public void deadLettered(String reason) {
        registry.counter("cpa.labels.dead.letters", "reason", reason).increment();
    }

    /** The count so far (tests). */
    public double counted(String outcome) {
        var c = registry.find("cpa.labels").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    public double deadLetters(String reason) {
        var c = registry.find("cpa.labels.dead.letters").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}

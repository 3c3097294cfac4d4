package io.cpa.certainty.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's counters, as Prometheus sees them: {@code cpa_certainty_skipped_total{reason}},
 * {@code cpa_certainty_published_total}, {@code cpa_certainty_dead_lettered_total{reason}},
 * {@code cpa_certainty_retries_total}, {@code cpa_certainty_in_flight}, {@code cpa_certainty_circuit_open} (1 when
 * open) and {@code cpa_certainty_circuit_opened_total}.
 */
@ApplicationScoped
public class CertaintyMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Counter published;

    CertaintyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("cpa.certainty.published").description("certainty events written").register(registry);
    }

    void bind(AnswerConsumer consumer, CertaintyElicitor elicitor) {
        Gauge.builder("cpa.certainty.in.flight", consumer, AnswerConsumer::inFlight)
                .description("answers being elicited now").register(registry);
        Gauge.builder("cpa.certainty.circuit.open", elicitor,
                        e -> e.breaker().state() == io.cpa.client.CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the upstream's circuit is open").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("cpa.certainty.circuit.opened", elicitor,
                e -> e.breaker().timesOpened()).description("times the circuit opened").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("cpa.certainty.retries", elicitor,
                CertaintyElicitor::retries).description("certainty calls retried").register(registry);
    }

    public void skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> Counter.builder("cpa.certainty.skipped").tag("reason", r)
                .description("answers acknowledged without a certainty, by reason").register(registry)).increment();
    }

    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> Counter.builder("cpa.certainty.dead.lettered").tag("reason", r)
                .description("answers sent to cpa.answers.dlq, by reason").register(registry)).increment();
    }

    public void published(int n) {
        published.increment(n);
    }
}

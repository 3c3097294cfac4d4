package io.cpa.certainty.service;

import io.cpa.event.CertaintyEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's counters, as Prometheus sees them: {@code cpa_certainty_skipped_total{reason,model,source,variant}}
 * (a series' skips by reason; a redelivery is {@code reason="duplicate"}, {@code variant="any"}),
 * {@code cpa_certainty_published_total}, {@code cpa_certainty_dead_lettered_total{reason}},
 * {@code cpa_certainty_retries_total}, {@code cpa_certainty_in_flight}, {@code cpa_certainty_skips_pending}, {@code cpa_certainty_circuit_open{route}} (1
 * when open), {@code cpa_certainty_circuit_opened_total{route}}, {@code cpa_certainty_probabilistic_vc_total{outcome}}
 * (certainty events written, by {@code present} or the reason the probabilistic VC is absent),
 * {@code cpa_certainty_logprob_refusals} (targets remembered as refusing logprobs now) and
 * {@code cpa_certainty_logprob_refused_total}, {@code cpa_certainty_otel_records_total{outcome}} (OpenTelemetry
 * evaluation records handed to the SDK, {@code emitted}, or {@code failed} to map or emit; only when
 * {@code cpa.otel.enabled}). The counter maps are bounded by the series and reasons seen (reasons
 * and outcomes are fixed sets).
 */
@ApplicationScoped
public class CertaintyMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, Counter> probabilisticVc = new ConcurrentHashMap<>();
    private final Map<String, Counter> otelRecords = new ConcurrentHashMap<>();
    private final Counter published;

    CertaintyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("cpa.certainty.published").description("certainty events written").register(registry);
    }

    void bind(AnswerConsumer consumer, CertaintyElicitor elicitor) {
        Gauge.builder("cpa.certainty.in.flight", consumer, AnswerConsumer::inFlight)
                .description("answers being elicited now").register(registry);
        Gauge.builder("cpa.certainty.skips.pending", consumer, AnswerConsumer::skipsPending)
                .description("skipped answers waiting for the skip record that stands for them").register(registry);
        elicitor.clients().all().forEach((route, upstream) -> {
            Gauge.builder("cpa.certainty.circuit.open", upstream.breaker(),
                            b -> b.state() == io.cpa.client.CircuitBreaker.State.OPEN ? 1 : 0)
                    .tag("route", route).description("1 while the route's circuit is open").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("cpa.certainty.circuit.opened", upstream.breaker(),
                    io.cpa.client.CircuitBreaker::timesOpened).tag("route", route)
                    .description("times the route's circuit opened").register(registry);
        });
        io.micrometer.core.instrument.FunctionCounter.builder("cpa.certainty.retries", elicitor,
                CertaintyElicitor::retries).description("certainty calls retried").register(registry);
        Gauge.builder("cpa.certainty.logprob.refusals", elicitor.logprobs(), LogprobAsking::remembered)
                .description("route and model pairs remembered as refusing logprobs").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("cpa.certainty.logprob.refused", elicitor.logprobs(),
                LogprobAsking::refusals).description("certainty calls refused for asking logprobs, then asked without").register(registry);
    }

    public void skipped(String reason, String model, String source, String variant, String tenant) {
        skipped.computeIfAbsent(reason + '|' + model + '|' + source + '|' + variant + '|' + tenant, k -> Counter.builder("cpa.certainty.skipped")
                .tag("reason", reason).tag("model", model).tag("source", source).tag("variant", variant).tag("tenant", tenant)
                .description("answers acknowledged without a certainty, by reason and series").register(registry)).increment();
    }

    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> Counter.builder("cpa.certainty.dead.lettered").tag("reason", r)
                .description("answers sent to cpa.answers.dlq, by reason").register(registry)).increment();
    }

    public void published(int n) {
        published.increment(n);
    }

    /** One certainty written: whether it carries the probabilistic VC, or why not. */
    public void probabilisticVc(CertaintyEvent event) {
        String outcome = event.probabilisticVc() != null ? "present"
                : event.probabilisticVcAbsent() != null ? event.probabilisticVcAbsent() : "unknown";
        probabilisticVc.computeIfAbsent(outcome, o -> Counter.builder("cpa.certainty.probabilistic.vc").tag("outcome", o)
                .description("certainty events written, by present or the reason the probabilistic VC is absent")
                .register(registry)).increment();
    }

    /** One OpenTelemetry evaluation record {@code emitted} (handed to the SDK) or {@code failed}. */
    public void otelRecords(String outcome) {
        otelRecords.computeIfAbsent(outcome, o -> Counter.builder("cpa.certainty.otel.records").tag("outcome", o)
                .description("OpenTelemetry evaluation records handed to the SDK (emitted) or not (failed)")
                .register(registry)).increment();
    }
}

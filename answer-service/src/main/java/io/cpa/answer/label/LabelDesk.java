package io.cpa.answer.label;

import io.cpa.auth.Tenants;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.http.FieldException;
import io.cpa.answer.http.HttpErrors;
import io.cpa.event.LabelEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where a label is judged and published, whichever way it came (the HTTP API, a benchmark run's late labels): read
 * ({@link LabelRequest}), its answer found in the {@link KnownAnswers} (waiting up to the grace), checked against
 * that answer (a gold option must be one of its options; the label not older than the answer), a duplicate of the
 * labeller's last judgement answered without publishing, anything else published and acknowledged by the broker.
 * No thread waits here.
 */
public final class LabelDesk {
    /** The desk's settings: see {@link LabelsConfig} for each. */
    public record Settings(Duration grace, Duration maxFutureSkew, Duration publishTimeout, Duration horizon) {}

    private final KnownAnswers index;
    private final Function<LabelEvent, CompletionStage<Void>> publisher;
    private final Settings settings;
    private final Clock clock;

    public LabelDesk(KnownAnswers index, Function<LabelEvent, CompletionStage<Void>> publisher, Settings settings, Clock clock) {
        this.index = index;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The outcome of one posted label by a caller of {@code callerTenant} ({@link Tenants#ALL} for one that sees every
     * tenant); never completes exceptionally.
     */
    public CompletableFuture<LabelOutcome> submit(JsonNode body, String callerTenant) {
        LabelEvent label;
        try {
            label = LabelRequest.read(body, clock.instant(), settings.maxFutureSkew());
        } catch (FieldException e) {
            return CompletableFuture.completedFuture(LabelOutcome.error(400, e.getMessage(), e.field()));
        }
        return submit(label, callerTenant);
    }

    /**
     * As {@link #submit(JsonNode, String)}, for a label built in this service. An answer of a tenant the caller does not
     * see is answered exactly as an unknown one, and as late (after the grace), so that neither the body nor the time
     * tells that it exists. The label published carries its answer's tenant.
     */
    public CompletableFuture<LabelOutcome> submit(LabelEvent label, String callerTenant) {
        return index.await(label.answerId(), settings.grace()).thenCompose(lookup -> switch (lookup.status()) {
            case FOUND -> Tenants.sees(callerTenant, lookup.known().tenant())
                    ? judged(label.withTenant(lookup.known().tenant()), lookup.known())
                    : CompletableFuture.supplyAsync(() -> unknown(label),
                            CompletableFuture.delayedExecutor(settings.grace().toMillis(), TimeUnit.MILLISECONDS));
            case UNKNOWN -> done(unknown(label));
            case LOADING -> done(LabelOutcome.error(503, "the index of known answers is still loading, retry", null));
            case BUSY -> done(LabelOutcome.error(503, "too many labels are waiting for their answers, retry", null));
        });
    }

    private LabelOutcome unknown(LabelEvent label) {
        return LabelOutcome.error(404, "answer '" + label.answerId() + "' is unknown: not seen within the grace of "
                + settings.grace() + ", or older than the horizon of " + settings.horizon(), "answerId");
    }

    private CompletableFuture<LabelOutcome> judged(LabelEvent label, KnownAnswers.Known answer) {
        LabelEvent checked;
        try {
            checked = againstAnswer(label, answer, settings.maxFutureSkew());
        } catch (FieldException e) {
            return done(LabelOutcome.error(400, e.getMessage(), e.field()));
        }
        KnownAnswers.Reservation r = index.reserve(checked);
        return switch (r.verdict()) {
            case DUPLICATE -> done(LabelOutcome.duplicate(checked));
            case GONE -> done(LabelOutcome.error(404, "answer '" + label.answerId() + "' is older than the horizon of "
                    + settings.horizon(), "answerId"));
            case ACCEPT -> publish(checked).handle((ok, error) -> {
                if (error == null) return LabelOutcome.accepted(checked);
                index.release(checked, r);
                return LabelOutcome.error(503, "could not publish the label, retry: " + HttpErrors.cause(error), null);
            });
        };
    }

    /**
     * The label as published for this answer: a gold option must name one of its options and is written as the
     * answer spells it; the label may not be dated before the answer (beyond the clock skew).
     */
    static LabelEvent againstAnswer(LabelEvent label, KnownAnswers.Known answer, Duration skew) {
        if (label.labelledAt().isBefore(answer.createdAt().minus(skew))) {
            throw new FieldException("labelledAt", "lies before the answer (" + answer.createdAt() + ")");
        }
        if (label.goldOption() == null) return label;
        if (answer.options().isEmpty()) {
            throw new FieldException("goldOption", "the answer has no options (free-form): judge it with correct or score");
        }
        String option = answer.options().stream().filter(o -> o.equalsIgnoreCase(label.goldOption())).findFirst()
                .orElseThrow(() -> new FieldException("goldOption", "'" + label.goldOption() + "' is not one of the answer's options "
                        + answer.options()));
        return option.equals(label.goldOption()) ? label : new LabelEvent(label.schemaVersion(), label.labelId(), label.answerId(),
                label.labeller(), option, null, null, null, label.labelledAt(), label.receivedAt(), label.tenant());
    }

    private CompletableFuture<Void> publish(LabelEvent label) {
        try {
            return publisher.apply(label).toCompletableFuture()
                    .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<LabelOutcome> done(LabelOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}

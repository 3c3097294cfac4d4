package io.cpa.certainty.service;

import io.cpa.certainty.policy.Decision;
import io.cpa.certainty.policy.ElicitationBudget;
import io.cpa.certainty.policy.ElicitationPolicy;
import io.cpa.certainty.policy.SamplingPolicy;
import io.cpa.client.AsyncPermits;
import io.cpa.client.RetryPolicy;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.event.SkipEvent;
import io.cpa.privacy.TextPolicy;
import io.cpa.privacy.TextPrivacy;
import io.cpa.privacy.TransitSeal;
import io.cpa.prompt.CertaintyPromptVariant;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Instant;

/**
 * cpa.answers -> plan -> policy -> certainty call(s) -> cpa.certainties (or cpa.skips), many answers at once.
 * <p>
 * Concurrency: SmallRye hands this method one record at a time and waits for the returned stage. The stage completes
 * as soon as a permit of {@link AsyncPermits} is held, not when the work is done, so up to
 * {@code cpa.certainty.max-concurrency} answers are in flight and no thread ever blocks; when all permits are taken
 * the stage stays pending and the connector stops requesting (and pauses the Kafka consumer once its queue is full).
 * <p>
 * Every record ends settled, whatever it holds: acknowledged after its certainties or skips are acknowledged by the
 * broker, or nacked (which writes it to {@code cpa.answers.dlq} with the reason, then acknowledges it). The work of
 * one record, from reading it to building its prompts and events, runs inside one guarded stage: an exception
 * anywhere in it, expected or not, becomes a dead letter with the exception as its reason, so no record can stay
 * unacknowledged and hold back its partition's commits. The throttled commit strategy commits a partition's offset
 * only up to the oldest record not yet settled. A crash re-delivers what was not committed; {@link SeenAnswers}
 * keeps such a redelivery from producing a second certainty or skip.
 */
@ApplicationScoped
public class AnswerConsumer {
    private static final Logger LOG = Logger.getLogger(AnswerConsumer.class);

    private final CertaintyElicitor elicitor;
    private final SeenAnswers seen;
    private final CertaintyMetrics metrics;
    private final io.cpa.certainty.otel.EvaluationEmitter evaluations;
    private final ElicitationPolicy policy;
    private final TextPrivacy privacy;
    private final io.cpa.route.ModelRoutes routes;
    private final AsyncPermits permits;
    private final AsyncPermits skipPermits;
    private final SkipTallies tallies;
    private final java.util.concurrent.ScheduledExecutorService tallyTimer;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService workers;

    @Channel("certainties")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> certainties;

    @Channel("skips")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> skips;

    AnswerConsumer(CertaintyElicitor elicitor, SeenAnswers seen, CertaintyMetrics metrics, ElicitationConfig c,
                   io.cpa.certainty.otel.EvaluationEmitter evaluations, TextPrivacy privacy, io.cpa.route.ModelRoutes routes) {
        this.elicitor = elicitor;
        this.privacy = privacy;
        this.routes = routes;
        this.seen = seen;
        this.metrics = metrics;
        this.evaluations = evaluations;
        this.policy = new ElicitationPolicy(new SamplingPolicy(c.sampling().defaultRate(), c.sampling().rates()),
                new ElicitationBudget(c.budget().requestsPerMinute(), c.budget().tokensPerMinute(),
                        c.budget().labelledReserve(), System::nanoTime));
        this.permits = new AsyncPermits(c.maxConcurrency());
        this.skipPermits = new AsyncPermits(c.skips().maxPending());
        this.tallyTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "certainty-skip-tally");
            t.setDaemon(true);
            return t;
        });
        this.tallies = new SkipTallies(this::writeSkip, c.skips().maxAnswers(), c.skips().linger(), tallyTimer, Instant::now);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(c.workerThreads(), r -> {
            Thread t = new Thread(r, "certainty-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.bind(this, elicitor);
    }

    public int inFlight() {
        return permits.inUse();
    }

    /** Skipped answers waiting for the record that stands for them. */
    public int skipsPending() {
        return skipPermits.inUse();
    }

    @Incoming("answers")
    public CompletionStage<Void> onAnswer(Message<String> message) {
        // the work runs on its own threads: the event loop only delivers records and takes acknowledgements
        return permits.acquire().thenRun(() -> workers.execute(() -> {
            Settlement settle = new Settlement(message, permits::release);
            CompletableFuture<Void> work;
            try {
                work = process(settle);
            } catch (RuntimeException | Error e) {
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((ok, error) -> {
                // the guard: whatever escaped the handling of this record is its dead-letter reason
                if (!settle.done()) {
                    Throwable reason = error != null ? RetryPolicy.unwrap(error)
                            : new IllegalStateException("answer handling ended without an outcome");
                    LOG.errorf(reason, "dead-lettering an answer after an unexpected failure");
                    settle.nack(reason).whenComplete((v, e) -> {
                        metrics.deadLettered("unexpected");
                        settle.releasePermit();
                    });
                } else {
                    if (error != null) LOG.errorf(error, "failure after an answer's outcome was settled");
                    settle.releasePermit();
                }
            });
        }));
    }

    /**
     * Acknowledges or nacks a record once: a second outcome of the same record is ignored. Also gives the record's
     * model-call permit back once, which a skipped answer does before its outcome.
     */
    static final class Settlement {
        private final Message<String> message;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean permitReleased = new AtomicBoolean();
        private final Runnable releasePermit;

        Settlement(Message<String> message, Runnable releasePermit) {
            this.message = message;
            this.releasePermit = releasePermit;
        }

        void releasePermit() {
            if (permitReleased.compareAndSet(false, true)) releasePermit.run();
        }

        String payload() {
            return message.getPayload();
        }

        CompletableFuture<Void> ack() {
            return settled.compareAndSet(false, true) ? message.ack().toCompletableFuture() : CompletableFuture.completedFuture(null);
        }

        CompletableFuture<Void> nack(Throwable reason) {
            return settled.compareAndSet(false, true) ? message.nack(reason).toCompletableFuture() : CompletableFuture.completedFuture(null);
        }

        boolean done() {
            return settled.get();
        }
    }

    /** On a worker thread; once they are stopped (shutting down), where the caller is, as an answer still in flight needs. */
    private void onWorker(Runnable task) {
        try {
            workers.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            task.run();
        }
    }

    /**
     * Skips still waiting for their record are not written at shutdown: the emitter may be closing, and a write it
     * refused would dead-letter their answers. Unacknowledged, those answers come back after the restart.
     */
    @jakarta.annotation.PreDestroy
    void stopWorkers() {
        tallyTimer.shutdownNow();
        workers.shutdown();
    }

    private CompletableFuture<Void> process(Settlement message) {
        AnswerEvent answer;
        try {
            answer = EventJson.readAnswer(message.payload());
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an unreadable answer: %s", e.getMessage());
            metrics.deadLettered("unreadable");
            return message.nack(e);
        }
        return seen.ready().thenCompose(r -> oneAtATime(answer.answerId(), () -> handle(answer, message)));
    }

    /** Two deliveries of one answer id never run at the same time: the second waits and then sees the first's outcome. */
    private CompletableFuture<Void> oneAtATime(String answerId, java.util.function.Supplier<CompletableFuture<Void>> work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> previous = running.put(answerId, mine);
        CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous.handle((v, e) -> null);
        start.thenCompose(x -> work.get()).whenComplete((v, e) -> {
            running.remove(answerId, mine);
            if (e == null) mine.complete(null);
            else mine.completeExceptionally(e);
        });
        return mine;
    }

    private CompletableFuture<Void> handle(AnswerEvent received, Settlement message) {
        // the reply follows the answer's text policy, its route's and its tenant's
        String route = received.route() != null ? received.route()
                : routes.routeFor(received.model()).map(io.cpa.route.ModelRoute::name).orElse(null);
        TextPolicy replyPolicy = privacy.replyPolicy(received, route, received.tenantOrDefault());
        AnswerEvent answer;
        try {
            // a sealed answer's text, in memory only, for the certainty prompt; without the key it stays withheld
            answer = privacy.open(received);
        } catch (TransitSeal.UnreadableException e) {
            LOG.warnf("answer %s: its sealed text does not open (%s); skipped as %s", received.answerId(), e.getMessage(),
                    SkipEvent.TEXT_WITHHELD);
            answer = received;
        }
        return handle(answer, replyPolicy, message);
    }

    private CompletableFuture<Void> handle(AnswerEvent answer, TextPolicy replyPolicy, Settlement message) {
        AnswerOutcomes outcomes = seen.outcomes();
        Set<String> done = outcomes.variantsDone(answer.answerId());
        CertaintyPlan plan;
        try {
            plan = elicitor.planner().plan(answer);
        } catch (IllegalArgumentException e) {
            LOG.warnf("dead-lettering answer %s: %s", answer.answerId(), e.getMessage());
            metrics.deadLettered("invalid");
            return message.nack(e).thenRun(() -> outcomes.deadLettered(answer.answerId()));
        }
        List<CertaintyPromptVariant> todo = plan.variants().stream().filter(v -> !done.contains(v.promptName())).toList();
        if (outcomes.isDeadLettered(answer.answerId()) || todo.isEmpty()) {
            metrics.skipped(Decision.DUPLICATE, answer.model(), answer.source(), "any", answer.tenantOrDefault());
            return message.ack();
        }
        if (plan instanceof CertaintyPlan.Skip skip) return skipAll(answer, todo, skip.reason(), message);
        CertaintyPlan.Ask ask = ((CertaintyPlan.Ask) plan).without(done);
        Decision decision;
        if (done.isEmpty() && !policy.budget().limitsTokens()) {
            decision = policy.decide(answer, 0);
        } else if (done.isEmpty()) {
            decision = policy.decide(answer, ElicitationPolicy.estimateTokens(ask.promptChars(),
                    ask.questions().size() * elicitor.planner().maxTokens()));
        } else {
            decision = Decision.elicit(0); // the rest of an answer already sampled and paid for
        }
        if (!decision.elicit()) return skipAll(answer, todo, decision.skipReason(), message);
        // the replies complete on an event loop; publishing takes the emitter's lock and runs the Kafka sink inline,
        // which may wait, and an event loop that waits stalls every reply and record it carries: back to the workers
        return elicitor.elicit(answer, ask).thenComposeAsync(results -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            Throwable failure = null;
            int used = 0;
            for (CertaintyElicitor.Outcome o : results) {
                if (o.ok()) {
                    writes.add(publish(privacy.redactReply(o.event(), replyPolicy)));
                    CertaintyEvent e = o.event();
                    used += (e.promptTokens() == null ? 0 : e.promptTokens()) + (e.completionTokens() == null ? 0 : e.completionTokens());
                } else if (failure == null) {
                    failure = o.failure();
                }
            }
            if (decision.reservedTokens() > 0) policy.budget().settle(answer.model(), decision.reservedTokens(), used);
            Throwable deadLetterReason = failure;
            return settleAfter(writes, deadLetterReason, answer, message, "model-call");
        }, this::onWorker);
    }

    /**
     * One skip per variant, then the acknowledgement; a skip the broker did not take makes the answer a dead letter.
     * A skipped answer makes no model call: it gives its model-call permit back and waits for the record standing for
     * its skip ({@link SkipTallies}) on a pending-skip permit instead.
     */
    private CompletableFuture<Void> skipAll(AnswerEvent answer, List<CertaintyPromptVariant> variants, String reason,
                                            Settlement message) {
        return skipPermits.acquire().thenCompose(held -> {
            message.releasePermit();
            Instant now = Instant.now();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (CertaintyPromptVariant v : variants) {
                writes.add(tallies.add(CertaintyPrompts.skip(answer, v, reason, now)).thenRun(() -> {
                    seen.outcomes().variantDone(answer.answerId(), v.promptName());
                    metrics.skipped(reason, answer.model(), answer.source(), v.promptName(), answer.tenantOrDefault());
                }));
            }
            return settleAfter(writes, null, answer, message, "skip-write");
        }).whenComplete((v, e) -> skipPermits.release());
    }

    /**
     * Writes one skip record, on a worker: a group of skips may fill up on whichever thread settles an answer, the
     * Kafka producer's own among them, and a send there could wait for that very thread.
     */
    private CompletionStage<Void> writeSkip(SkipEvent skip) {
        return CompletableFuture.supplyAsync(() -> skips.send(Record.of(skip.seriesKey(), EventJson.write(skip))), this::onWorker)
                .thenCompose(sent -> sent);
    }

    /** Acknowledges once every write is taken, or dead-letters with the first reason (a failed call, a refused write). */
    private CompletableFuture<Void> settleAfter(List<CompletableFuture<Void>> writes, Throwable failure, AnswerEvent answer,
                                                Settlement message, String deadLetterKind) {
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((ok, writeError) -> {
            if (writeError == null) return failure;
            // a record the broker did not take: the answer goes to the DLQ rather than stay unacknowledged
            return failure != null ? failure : RetryPolicy.unwrap(writeError);
        }).thenCompose(reason -> {
            if (reason == null) return message.ack();
            LOG.warnf("dead-lettering answer %s: %s", answer.answerId(), reason.getMessage());
            return message.nack(reason).thenRun(() -> {
                seen.outcomes().deadLettered(answer.answerId());
                metrics.deadLettered(failure != null ? deadLetterKind : "write");
            });
        });
    }

    private CompletableFuture<Void> publish(CertaintyEvent event) {
        return certainties.send(Record.of(event.seriesKey(), EventJson.write(event))).toCompletableFuture()
                .thenRun(() -> {
                    seen.outcomes().variantDone(event.answerId(), event.variant());
                    metrics.published(1);
                    metrics.probabilisticVc(event);
                    // after the broker took it; never throws, so it cannot turn a publication into a dead letter
                    evaluations.emit(event);
                });
    }
}

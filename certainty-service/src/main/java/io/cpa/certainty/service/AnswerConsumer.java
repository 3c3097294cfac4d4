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

/**
 * cpa.answers -> policy -> certainty call(s) -> cpa.certainties, many answers at once.
 * <p>
 * Concurrency: SmallRye hands this method one record at a time and waits for the returned stage. The stage completes
 * as soon as a permit of {@link AsyncPermits} is held, not when the work is done, so up to
 * {@code cpa.certainty.max-concurrency} answers are in flight and no thread ever blocks; when all permits are taken
 * the stage stays pending and the connector stops requesting (and pauses the Kafka consumer once its queue is full).
 * <p>
 * Commits: each record is acknowledged only after its certainties are acknowledged by the broker, or nacked (which
 * writes it to {@code cpa.answers.dlq} with the reason, then acknowledges it). The throttled commit strategy commits
 * a partition's offset only up to the oldest record not yet acknowledged, so out-of-order completion never commits a
 * record still in flight. A crash re-delivers what was not committed; {@link SeenAnswers} keeps such a redelivery
 * from producing a second certainty. Skipped answers (sampling, budget, duplicate) are acknowledged and counted.
 */
@ApplicationScoped
public class AnswerConsumer {
    private static final Logger LOG = Logger.getLogger(AnswerConsumer.class);

    private final CertaintyElicitor elicitor;
    private final SeenAnswers seen;
    private final CertaintyMetrics metrics;
    private final ElicitationPolicy policy;
    private final AsyncPermits permits;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService workers;

    @Channel("certainties")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> certainties;

    AnswerConsumer(CertaintyElicitor elicitor, SeenAnswers seen, CertaintyMetrics metrics, ElicitationConfig config) {
        this.elicitor = elicitor;
        this.seen = seen;
        this.metrics = metrics;
        ElicitationConfig.Certainty c = config.certainty();
        this.policy = new ElicitationPolicy(new SamplingPolicy(c.sampling().defaultRate(), c.sampling().rates()),
                new ElicitationBudget(c.budget().requestsPerMinute(), c.budget().tokensPerMinute(),
                        c.budget().labelledReserve(), System::nanoTime));
        this.permits = new AsyncPermits(c.maxConcurrency());
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

    @Incoming("answers")
    public CompletionStage<Void> onAnswer(Message<String> message) {
        // the work runs on its own threads: the event loop only delivers records and takes acknowledgements
        return permits.acquire().thenRun(() -> workers.execute(() -> {
            CompletableFuture<Void> work;
            try {
                work = process(message);
            } catch (RuntimeException e) {
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((ok, error) -> {
                permits.release();
                if (error != null) LOG.errorf(error, "answer processing failed unexpectedly");
            });
        }));
    }

    @jakarta.annotation.PreDestroy
    void stopWorkers() {
        workers.shutdown();
    }

    private CompletableFuture<Void> process(Message<String> message) {
        AnswerEvent answer;
        try {
            answer = EventJson.readAnswer(message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an unreadable answer: %s", e.getMessage());
            metrics.deadLettered("unreadable");
            return message.nack(e).toCompletableFuture();
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

    private CompletableFuture<Void> handle(AnswerEvent answer, Message<String> message) {
        AnswerOutcomes outcomes = seen.outcomes();
        Set<String> written = outcomes.variantsWritten(answer.answerId());
        List<CertaintyPromptVariant> asked;
        try {
            asked = elicitor.variantsFor(answer);
        } catch (IllegalArgumentException e) {
            LOG.warnf("dead-lettering answer %s: %s", answer.answerId(), e.getMessage());
            metrics.deadLettered("invalid");
            return message.nack(e).toCompletableFuture().thenRun(() -> outcomes.deadLettered(answer.answerId()));
        }
        List<CertaintyPromptVariant> todo = asked.stream().filter(v -> !written.contains(v.promptName())).toList();
        if (outcomes.isDeadLettered(answer.answerId()) || todo.isEmpty()) {
            metrics.skipped(Decision.DUPLICATE);
            return message.ack().toCompletableFuture();
        }
        Decision decision;
        if (written.isEmpty() && !policy.budget().limitsTokens()) {
            decision = policy.decide(answer, 0);
        } else if (written.isEmpty()) {
            int promptChars = todo.stream().mapToInt(v -> elicitor.request(answer, v).messages().get(0).content().length()).sum();
            decision = policy.decide(answer, ElicitationPolicy.estimateTokens(promptChars, todo.size() * elicitor.maxTokens()));
        } else {
            decision = Decision.elicit(0); // the rest of an answer already sampled and paid for
        }
        if (!decision.elicit()) {
            metrics.skipped(decision.skipReason());
            return message.ack().toCompletableFuture();
        }
        return elicitor.elicit(answer, todo).thenCompose(results -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            Throwable failure = null;
            int used = 0;
            for (CertaintyElicitor.Outcome o : results) {
                if (o.ok()) {
                    writes.add(publish(o.event()));
                    CertaintyEvent e = o.event();
                    used += (e.promptTokens() == null ? 0 : e.promptTokens()) + (e.completionTokens() == null ? 0 : e.completionTokens());
                } else if (failure == null) {
                    failure = o.failure();
                }
            }
            if (decision.reservedTokens() > 0) policy.budget().settle(answer.model(), decision.reservedTokens(), used);
            Throwable deadLetterReason = failure;
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((done, writeError) -> {
                if (writeError == null) return deadLetterReason;
                // a certainty the broker did not take: the answer goes to the DLQ rather than stay unacknowledged
                return deadLetterReason != null ? deadLetterReason : RetryPolicy.unwrap(writeError);
            }).thenCompose(reason -> {
                metrics.published((int) writes.stream().filter(w -> !w.isCompletedExceptionally()).count());
                if (reason == null) return message.ack().toCompletableFuture();
                LOG.warnf("dead-lettering answer %s: %s", answer.answerId(), reason.getMessage());
                return message.nack(reason).toCompletableFuture().thenRun(() -> {
                    outcomes.deadLettered(answer.answerId());
                    metrics.deadLettered("model-call");
                });
            });
        });
    }

    private CompletableFuture<Void> publish(CertaintyEvent event) {
        return certainties.send(Record.of(event.seriesKey(), EventJson.write(event))).toCompletableFuture()
                .thenRun(() -> seen.outcomes().certaintyWritten(event.answerId(), event.variant()));
    }
}

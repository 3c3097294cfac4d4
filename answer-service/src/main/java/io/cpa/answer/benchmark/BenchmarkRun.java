package io.cpa.answer.benchmark;

import io.cpa.answer.model.LogprobCapability;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.reply.Replies;
import io.cpa.answer.reply.ReplyChoice;
import io.cpa.client.ChatResponse;
import io.cpa.client.ModelCallException;
import io.cpa.client.RetryPolicy;
import io.cpa.client.ChatClient;
import io.cpa.client.ChatRequest;
import io.cpa.event.AnswerEvent;
import io.cpa.prompt.AnswerPrompt;
import io.cpa.question.Question;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One benchmark run: asks the model each question with the answer prompt, at a steady rate and bounded concurrency,
 * and publishes each answer. Runs on its own thread; {@link #stop()} ends it after the calls in flight.
 */
public final class BenchmarkRun implements Runnable {
    private static final Logger LOG = Logger.getLogger(BenchmarkRun.class);

    /** What every answer of the run is asked with; variants and certaintyTemperature travel with each answer (null = defaults). */
    public record Settings(String model, double temperature, int topLogprobs, int maxTokens, int concurrency,
                           List<String> variants, Double certaintyTemperature, String route) {
        /** Settings of a model asked outside the routing table. */
        public Settings(String model, double temperature, int topLogprobs, int maxTokens, int concurrency,
                        List<String> variants, Double certaintyTemperature) {
            this(model, temperature, topLogprobs, maxTokens, concurrency, variants, certaintyTemperature, null);
        }
    }

    private final String id;
    private final List<Question> questions;
    private final String source;
    private final long total; // -1 = unbounded
    private final double ratePerSecond;
    private final Settings settings;
    private final LogprobCapability capability;
    private final ChatClient client;
    private final Function<AnswerEvent, CompletionStage<Void>> publisher;
    private final LongSupplier sequence;
    private final RetryPolicy retry;
    private final LateLabels lateLabels; // null: gold labels travel with the answers
    private final Semaphore inFlight;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;
    private volatile String state = "running";
    private volatile Instant startedAt;
    private volatile Instant endedAt;

    BenchmarkRun(String id, List<Question> questions, String source, long total, double ratePerSecond, Settings settings,
                 ChatClient client, Function<AnswerEvent, CompletionStage<Void>> publisher, LongSupplier sequence,
                 LogprobCapability capability) {
        this(id, questions, source, total, ratePerSecond, settings, client, publisher, sequence, capability,
                new RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO), null);
    }

    /**
     * @param retry      how a call failing with 429, 5xx, a timeout or an unreadable body is tried again
     * @param lateLabels the gold labels posted late instead of travelling with the answers; null: with the answers
     */
    BenchmarkRun(String id, List<Question> questions, String source, long total, double ratePerSecond, Settings settings,
                 ChatClient client, Function<AnswerEvent, CompletionStage<Void>> publisher, LongSupplier sequence,
                 LogprobCapability capability, RetryPolicy retry, LateLabels lateLabels) {
        this.capability = capability;
        this.lateLabels = lateLabels;
        this.retry = retry;
        if (questions.isEmpty()) throw new IllegalArgumentException("a run needs at least one question");
        this.id = id;
        this.questions = List.copyOf(questions);
        this.source = source;
        this.total = total;
        this.ratePerSecond = ratePerSecond;
        this.settings = settings;
        this.client = client;
        this.publisher = publisher;
        this.sequence = sequence;
        this.inFlight = new Semaphore(settings.concurrency());
    }

    @Override
    public void run() {
        startedAt = Instant.now();
        long startNanos = System.nanoTime();
        try {
            for (long i = 0; (total < 0 || i < total) && !stopping; i++) {
                if (ratePerSecond > 0) pace(startNanos, i);
                inFlight.acquire();
                ask(questions.get((int) (i % questions.size())));
            }
            inFlight.acquire(settings.concurrency()); // wait for the calls in flight
            inFlight.release(settings.concurrency());
            state = stopping ? "stopped" : "finished";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "stopped";
        } finally {
            endedAt = Instant.now();
        }
    }

    private void pace(long startNanos, long i) throws InterruptedException {
        long due = startNanos + (long) (i * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }

    private void ask(Question q) {
        boolean logprobs = !capability.refuses(settings.model());
        call(q, logprobs)
                .exceptionallyCompose(error -> {
                    // a model that refuses logprobs is remembered and asked without them: its answer still counts
                    Throwable cause = RetryPolicy.unwrap(error);
                    if (logprobs && cause instanceof ModelCallException mce && mce.refusesLogprobs()) {
                        capability.rememberRefusal(settings.model());
                        LOG.warnf("model %s refuses logprobs; its answers are published without IC", settings.model());
                        return call(q, false);
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .thenCompose(answer -> publisher.apply(answer).thenApply(ok -> answer))
                .whenComplete((answer, error) -> {
                    // counted before the permit is returned: the run ends by taking every permit, and its final
                    // status must already include this question
                    if (error == null) {
                        published.incrementAndGet();
                        if (lateLabels != null) lateLabels.answered(q, answer);
                    } else {
                        failed.incrementAndGet();
                        LOG.warnf("run %s: question %s not published: %s", id, q.id(), error.getMessage());
                    }
                    inFlight.release();
                });
    }

    private CompletableFuture<AnswerEvent> call(Question q, boolean logprobs) {
        ChatRequest request = ChatRequest.user(AnswerPrompt.render(q.text(), q.options()), settings.temperature(), logprobs,
                logprobs ? settings.topLogprobs() : null, settings.maxTokens());
        // without retries a transient 429 or 500 would lose the question from the run for good
        return retry.run(() -> client.complete(request))
                .thenApply(reply -> answer(q, reply, logprobs).forRun(id, settings.variants(), settings.certaintyTemperature()));
    }

    /** The answer of the reply's first choice, read as every entrance reads a reply. */
    private AnswerEvent answer(Question q, ChatResponse reply, boolean logprobsAsked) {
        List<ReplyChoice> choices = Replies.chat(reply.body());
        if (choices.isEmpty()) throw new IllegalArgumentException("the reply has no choices");
        ReplyChoice c = choices.get(0);
        return AnswerEvents.of(new AnswerEvents.Answer(UUID.randomUUID().toString(), Instant.now(), settings.model(), source,
                "benchmark", "openai-chat", sequence.getAsLong(), q.id(), q.text(), q.options(), c.text(),
                lateLabels == null ? q.gold() : null,
                logprobsAsked ? c.logprobs() : null, logprobsAsked ? c.noLogprobsReason() : "logprobs not asked: the model refuses them",
                settings.temperature(), settings.route(), null, c.noTextReason()));
    }

    public void stop() {
        stopping = true;
    }

    public String id() {
        return id;
    }

    public boolean active() {
        return endedAt == null;
    }

    public RunStatus status() {
        Instant start = startedAt;
        long done = published.get();
        double seconds = start == null ? 0 : Math.max(1e-3, (System.currentTimeMillis() - start.toEpochMilli()) / 1000.0);
        double rate = seconds == 0 ? 0 : done / seconds;
        long eta = total < 0 || rate == 0 ? -1 : Math.round(Math.max(0, total - done - failed.get()) / rate);
        return new RunStatus(id, state, source, total, done, failed.get(), rate, eta, start, endedAt,
                lateLabels == null ? null : lateLabels.progress());
    }
}

package io.cpa.certainty.service;

import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.certainty.plan.CertaintyPlanner;
import io.cpa.client.ChatClient;
import io.cpa.client.ChatRequest;
import io.cpa.client.ChatResponse;
import io.cpa.client.CircuitBreaker;
import io.cpa.client.RetryPolicy;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.route.ModelRoutes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the certainty questions of one answer's plan of its target: the answering model on its own route, or the
 * judge the routing table names. Each call goes through the target route's circuit breaker inside the retry policy,
 * so an open circuit is waited out like a Retry-After and a failing upstream is not hammered by every retry.
 */
@ApplicationScoped
public class CertaintyElicitor {
    private final CertaintyPlanner planner;
    private final RouteClients clients;
    private final RetryPolicy retry;
    private final LogprobAsking logprobs;
    private final AtomicLong retries = new AtomicLong();

    CertaintyElicitor(ElicitationConfig c, ModelRoutes routes, io.cpa.client.HttpTransport transport) {
        this.planner = new CertaintyPlanner(routes,
                c.variants().stream().map(String::strip).map(CertaintyPromptVariant::byName).distinct().toList(),
                c.temperature(), c.maxTokens(), c.maxQuotedChars());
        this.retry = new RetryPolicy(c.maxAttempts(), c.backoff(), c.maxBackoff());
        ElicitationConfig.Circuit cc = c.circuit();
        this.clients = new RouteClients(routes, new CircuitBreaker.Settings(cc.window(), cc.minimumCalls(),
                cc.failureRate(), cc.openFor(), cc.halfOpenTrials()), transport);
        ElicitationConfig.Logprobs lc = c.logprobs();
        this.logprobs = new LogprobAsking(lc.enabled(), lc.topLogprobs(), lc.maxRefusals());
    }

    public CertaintyPlanner planner() {
        return planner;
    }

    RouteClients clients() {
        return clients;
    }

    LogprobAsking logprobs() {
        return logprobs;
    }

    /** Retries scheduled so far (a metric). */
    public long retries() {
        return retries.get();
    }

    /** The outcome of one question: the event, or the failure after the retries. */
    public record Outcome(CertaintyPromptVariant variant, CertaintyEvent event, Throwable failure) {
        public boolean ok() {
            return event != null;
        }
    }

    /** Completes (never exceptionally) with one outcome per question, in the order given. */
    public CompletableFuture<List<Outcome>> elicit(AnswerEvent answer, CertaintyPlan.Ask plan) {
        double temperature = planner.temperatureFor(answer);
        CircuitBreaker breaker = clients.upstream(plan.target().route()).breaker();
        ChatClient client = clients.client(plan.target());
        List<CompletableFuture<Outcome>> calls = new ArrayList<>();
        for (CertaintyPlan.Question question : plan.questions()) {
            ChatRequest sent = logprobs.request(plan.target(), question);
            calls.add(call(breaker, client, sent)
                    .thenApply(reply -> new Reply(reply, sent.logprobs()))
                    // a target that refuses logprobs is asked the planned request as it is, and remembered
                    .exceptionallyCompose(error -> logprobs.refused(plan.target(), sent, error)
                            ? call(breaker, client, question.request()).thenApply(reply -> new Reply(reply, false))
                            : CompletableFuture.failedFuture(error))
                    .thenApply(r -> CertaintyPrompts.event(answer, plan.target(), question, r.response(), r.logprobsAsked(),
                            temperature, Instant.now()))
                    .handle((event, error) -> error == null ? new Outcome(question.variant(), event, null)
                            : new Outcome(question.variant(), null, RetryPolicy.unwrap(error))));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ChatResponse> call(CircuitBreaker breaker, ChatClient client, ChatRequest request) {
        return retry.run(() -> breaker.call(() -> client.complete(request), CircuitBreaker::upstreamFault),
                (attempt, cause, delay) -> retries.incrementAndGet());
    }

    private record Reply(ChatResponse response, boolean logprobsAsked) {}
}

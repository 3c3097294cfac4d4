package io.cpa.certainty.service;

import io.cpa.certainty.plan.CertaintyPlan;
import io.cpa.certainty.plan.CertaintyPlanner;
import io.cpa.client.ChatClient;
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
    private final AtomicLong retries = new AtomicLong();

    CertaintyElicitor(ElicitationConfig c, ModelRoutes routes) {
        this.planner = new CertaintyPlanner(routes,
                c.variants().stream().map(String::strip).map(CertaintyPromptVariant::byName).distinct().toList(),
                c.temperature(), c.maxTokens(), c.maxQuotedChars());
        this.retry = new RetryPolicy(c.maxAttempts(), c.backoff(), c.maxBackoff());
        ElicitationConfig.Circuit cc = c.circuit();
        this.clients = new RouteClients(routes, new CircuitBreaker.Settings(cc.window(), cc.minimumCalls(),
                cc.failureRate(), cc.openFor(), cc.halfOpenTrials()));
    }

    public CertaintyPlanner planner() {
        return planner;
    }

    RouteClients clients() {
        return clients;
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
            calls.add(retry.run(() -> breaker.call(() -> client.complete(question.request()), CircuitBreaker::upstreamFault),
                            (attempt, cause, delay) -> retries.incrementAndGet())
                    .thenApply(reply -> CertaintyPrompts.event(answer, plan.target(), question, reply, temperature, Instant.now()))
                    .handle((event, error) -> error == null ? new Outcome(question.variant(), event, null)
                            : new Outcome(question.variant(), null, RetryPolicy.unwrap(error))));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }
}

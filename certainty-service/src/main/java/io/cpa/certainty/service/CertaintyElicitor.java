package io.cpa.certainty.service;

import io.cpa.client.ChatClient;
import io.cpa.client.ChatRequest;
import io.cpa.client.CircuitBreaker;
import io.cpa.client.ModelEndpoint;
import io.cpa.client.RetryPolicy;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.prompt.CertaintyPromptVariant;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the configured model (or judge) the certainty variants of one answer. Each call goes through the
 * upstream's circuit breaker inside the retry policy, so an open circuit is waited out like a Retry-After and a
 * failing upstream is not hammered by every retry.
 */
@ApplicationScoped
public class CertaintyElicitor {
    private final ChatClient client;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final List<CertaintyPromptVariant> variants;
    private final double temperature;
    private final int maxTokens;
    private final AtomicLong retries = new AtomicLong();

    CertaintyElicitor(ElicitationConfig config) {
        ElicitationConfig.Certainty c = config.certainty();
        ModelEndpoint endpoint = new ModelEndpoint(
                c.judgeBaseUrl().orElse(config.model().baseUrl()),
                c.judgeBaseUrl().isPresent() ? c.judgeApiKey().orElse(null) : config.model().apiKey().orElse(null),
                c.judgeName().orElse(config.model().name()));
        this.client = new ChatClient(endpoint, config.model().timeout());
        this.retry = new RetryPolicy(c.maxAttempts(), c.backoff(), c.maxBackoff());
        ElicitationConfig.Circuit cc = c.circuit();
        this.breaker = new CircuitBreaker(endpoint.baseUrl(), new CircuitBreaker.Settings(cc.window(), cc.minimumCalls(),
                cc.failureRate(), cc.openFor(), cc.halfOpenTrials()));
        this.variants = c.variants().stream().map(String::strip).map(CertaintyPromptVariant::byName).distinct().toList();
        this.temperature = c.temperature();
        this.maxTokens = c.maxTokens();
    }

    public List<CertaintyPromptVariant> variants() {
        return variants;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Retries scheduled so far (a metric). */
    public long retries() {
        return retries.get();
    }

    /**
     * The variants to ask for this answer: its own when it names them (a study does), else the configured ones.
     * An unknown name is an IllegalArgumentException naming the field.
     */
    public List<CertaintyPromptVariant> variantsFor(AnswerEvent answer) {
        if (answer.certaintyVariants() == null) return variants;
        try {
            return answer.certaintyVariants().stream().map(String::strip).map(CertaintyPromptVariant::byName).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field certaintyVariants: " + e.getMessage(), e);
        }
    }

    /** The certainty call's temperature: the answer's own when it names one, else the configured one. */
    public double temperatureFor(AnswerEvent answer) {
        return answer.certaintyTemperature() == null ? temperature : answer.certaintyTemperature();
    }

    public ChatRequest request(AnswerEvent answer, CertaintyPromptVariant variant) {
        return CertaintyPrompts.request(answer, variant, temperatureFor(answer), maxTokens);
    }

    /** The outcome of one variant: the event, or the failure after the retries. */
    public record Outcome(CertaintyPromptVariant variant, CertaintyEvent event, Throwable failure) {
        public boolean ok() {
            return event != null;
        }
    }

    /** Completes (never exceptionally) with one outcome per variant asked, in the order given. */
    public CompletableFuture<List<Outcome>> elicit(AnswerEvent answer, List<CertaintyPromptVariant> asked) {
        double temperature = temperatureFor(answer);
        List<CompletableFuture<Outcome>> calls = new ArrayList<>();
        for (CertaintyPromptVariant variant : asked) {
            ChatRequest request = request(answer, variant);
            calls.add(retry.run(() -> breaker.call(() -> client.complete(request), CircuitBreaker::upstreamFault),
                            (attempt, cause, delay) -> retries.incrementAndGet())
                    .thenApply(reply -> CertaintyPrompts.event(answer, variant, reply, temperature, Instant.now()))
                    .handle((event, error) -> error == null ? new Outcome(variant, event, null)
                            : new Outcome(variant, null, RetryPolicy.unwrap(error))));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }
}

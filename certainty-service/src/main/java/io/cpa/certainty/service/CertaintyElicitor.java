package io.cpa.certainty.service;

import io.cpa.client.ChatClient;
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

/** Asks the configured model (or judge) every configured certainty variant for one answer. */
@ApplicationScoped
public class CertaintyElicitor {
    private final ChatClient client;
    private final RetryPolicy retry;
    private final List<CertaintyPromptVariant> variants;
    private final double temperature;
    private final int maxTokens;

    CertaintyElicitor(ElicitationConfig config) {
        ElicitationConfig.Certainty c = config.certainty();
        ModelEndpoint endpoint = new ModelEndpoint(
                c.judgeBaseUrl().orElse(config.model().baseUrl()),
                c.judgeBaseUrl().isPresent() ? c.judgeApiKey().orElse(null) : config.model().apiKey().orElse(null),
                c.judgeName().orElse(config.model().name()));
        this.client = new ChatClient(endpoint, config.model().timeout());
        this.retry = new RetryPolicy(c.maxAttempts(), c.backoff(), c.maxBackoff());
        this.variants = c.variants().stream().map(String::strip).map(CertaintyPromptVariant::byName).distinct().toList();
        this.temperature = c.temperature();
        this.maxTokens = c.maxTokens();
    }

    public List<CertaintyPromptVariant> variants() {
        return variants;
    }

    /**
     * One certainty event per variant, or a failure with the last attempt's reason. An answer may name its own
     * variants and temperature (a study does); otherwise the configured ones apply.
     */
    public CompletableFuture<List<CertaintyEvent>> elicit(AnswerEvent answer) {
        List<CertaintyPromptVariant> variants;
        try {
            variants = answer.certaintyVariants() == null ? this.variants
                    : answer.certaintyVariants().stream().map(CertaintyPromptVariant::byName).distinct().toList();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("field certaintyVariants: " + e.getMessage(), e));
        }
        double temperature = answer.certaintyTemperature() == null ? this.temperature : answer.certaintyTemperature();
        List<CompletableFuture<CertaintyEvent>> calls = new ArrayList<>();
        for (CertaintyPromptVariant variant : variants) {
            calls.add(retry.run(() -> client.complete(CertaintyPrompts.request(answer, variant, temperature, maxTokens)))
                    .thenApply(reply -> CertaintyPrompts.event(answer, variant, reply, temperature, Instant.now())));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }
}

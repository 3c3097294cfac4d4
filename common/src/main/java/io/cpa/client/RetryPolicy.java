package io.cpa.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Retries a model call on retryable failures (429, 5xx, transport) with full-jitter exponential backoff, waiting at
 * least the server's {@code Retry-After}. Non-retryable failures and the last attempt's failure pass through.
 *
 * @param maxAttempts total attempts, at least 1
 * @param baseDelay   backoff before the second attempt; doubles each time
 * @param maxDelay    cap on one backoff (Retry-After is honoured up to this cap too)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    public <T> CompletableFuture<T> run(Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, 1, result);
        return result;
    }

    private <T> void attempt(Supplier<CompletionStage<T>> call, int n, CompletableFuture<T> result) {
        call.get().whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean retryable = cause instanceof ModelCallException mce && mce.retryable();
            if (!retryable || n >= maxAttempts) {
                result.completeExceptionally(cause);
                return;
            }
            long delay = delayMillis(n, cause instanceof ModelCallException mce ? mce.retryAfter() : null);
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> attempt(call, n + 1, result));
        });
    }

    /** Full jitter: uniform in [0, base * 2^(n-1)], capped, and never below Retry-After. */
    long delayMillis(int attempt, Duration retryAfter) {
        long cap = maxDelay.toMillis();
        long exp = Math.min(cap, baseDelay.toMillis() << Math.min(20, attempt - 1));
        long jittered = ThreadLocalRandom.current().nextLong(exp + 1);
        long floor = retryAfter == null ? 0 : Math.min(cap, retryAfter.toMillis());
        return Math.max(jittered, floor);
    }
}

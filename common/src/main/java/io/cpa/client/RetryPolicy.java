package io.cpa.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Retries a model call on retryable failures (429, 5xx, transport, an open circuit) with full-jitter exponential
 * backoff, waiting at least the server's {@code Retry-After} (up to {@code maxDelay}). Nothing blocks a thread: the
 * next attempt is scheduled on a delayed executor. A non-retryable failure passes through as it is; when the last
 * attempt fails too, the result is a {@link RetriesExhaustedException} naming the attempts and the last reason.
 *
 * <p>A call refused by an open circuit ({@link CircuitOpenException}) never reached the upstream, so it does not use up
 * one of {@code maxAttempts}: with many calls in flight and only a few half-open trial slots, refusals would otherwise
 * exhaust every call's attempts within milliseconds and dead-letter most of them while the upstream is merely
 * flaky. Refusals have a budget of their own, {@value #REFUSALS_PER_ATTEMPT} per attempt, each waiting at least the
 * breaker's time to its next trial plus a growing jittered backoff, so a call on an upstream that stays down still
 * ends, with the circuit as its reason.
 *
 * @param maxAttempts total attempts, at least 1
 * @param baseDelay   backoff ceiling before the second attempt; doubles each time
 * @param maxDelay    cap on one backoff (Retry-After is honoured up to this cap too, so a server asking for an hour
 *                    cannot park a record for an hour; it then ends in the dead-letter topic with its reason)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** Refusals by an open circuit a call may wait out, per attempt it is allowed. */
    public static final int REFUSALS_PER_ATTEMPT = 8;

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (baseDelay.isNegative() || maxDelay.isNegative()) throw new IllegalArgumentException("delays must not be negative");
    }

    /** Told before each retry: which attempt failed, why, and how long the policy waits. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (attempt, cause, delayMillis) -> { };

        void retrying(int failedAttempt, Throwable cause, long delayMillis);
    }

    public <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> call) {
        return run(call, Listener.NONE);
    }

    public <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> call, Listener listener) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, 1, 0, result, listener);
        return result;
    }

    /** @param n the attempt about to be made (refusals do not count); @param refusals refusals by the circuit so far */
    private <T> void attempt(Supplier<? extends CompletionStage<T>> call, int n, int refusals, CompletableFuture<T> result,
                             Listener listener) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            boolean retryable = cause instanceof ModelCallException mce && mce.retryable();
            if (!retryable) {
                result.completeExceptionally(cause);
                return;
            }
            if (cause instanceof CircuitOpenException open) {
                if (refusals + 1 >= maxAttempts * REFUSALS_PER_ATTEMPT) {
                    result.completeExceptionally(new RetriesExhaustedException(n, open));
                    return;
                }
                long delay = delayMillis(refusals + 1, open.retryAfter(), ThreadLocalRandom.current());
                listener.retrying(n, cause, delay);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(call, n, refusals + 1, result, listener));
                return;
            }
            if (n >= maxAttempts) {
                result.completeExceptionally(new RetriesExhaustedException(n, (ModelCallException) cause));
                return;
            }
            long delay = delayMillis(n, ((ModelCallException) cause).retryAfter(), ThreadLocalRandom.current());
            listener.retrying(n, cause, delay);
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(call, n + 1, refusals, result, listener));
        });
    }

    /** The cause inside CompletionException wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        return cause;
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based). Full jitter: uniform in [0, min(cap, base * 2^(n-1))],
     * and never below Retry-After (itself capped).
     */
    long delayMillis(int attempt, Duration retryAfter, RandomGenerator random) {
        long cap = maxDelay.toMillis();
        long exp = Math.min(cap, baseDelay.toMillis() << Math.min(20, attempt - 1));
        long jittered = random.nextLong(exp + 1);
        long floor = retryAfter == null ? 0 : Math.min(cap, retryAfter.toMillis());
        return Math.max(jittered, floor);
    }
}

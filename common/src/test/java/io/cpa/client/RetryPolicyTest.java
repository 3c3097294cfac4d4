package io.cpa.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void fullJitterStaysWithinTheDoublingCeilingAndAveragesHalfOfIt() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 6; attempt++) {
            long ceiling = Math.min(1000, 100L << (attempt - 1));
            double sum = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                long d = policy.delayMillis(attempt, null, random);
                assertThat(d).isBetween(0L, ceiling);
                sum += d;
            }
            // uniform on {0..c}: mean c/2, sd c/sqrt(12); 6 standard errors of the mean
            double tolerance = 6 * ceiling / Math.sqrt(12) / Math.sqrt(n);
            assertThat(sum / n).isCloseTo(ceiling / 2.0, org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void retryAfterIsAFloorCappedAtTheMaximumDelay() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delayMillis(1, Duration.ofMillis(700), random)).isEqualTo(700);
            assertThat(policy.delayMillis(1, Duration.ofSeconds(30), random)).isEqualTo(1000);
        }
    }

    @Test
    void retriesRetryableFailuresUntilSuccess() throws Exception {
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
        AtomicInteger calls = new AtomicInteger();
        List<Integer> retried = new ArrayList<>();
        String result = fast.<String>run(() -> calls.incrementAndGet() < 3
                        ? CompletableFuture.failedFuture(new ModelCallException(429, "slow down", Duration.ofMillis(2), null))
                        : CompletableFuture.completedFuture("ok"),
                (attempt, cause, delay) -> {
                    retried.add(attempt);
                    assertThat(delay).isGreaterThanOrEqualTo(2);
                }).get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(retried).containsExactly(1, 2);
    }

    @Test
    void givesUpAfterTheLastAttemptNamingTheAttemptsAndTheLastReason() {
        RetryPolicy fast = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
        AtomicInteger calls = new AtomicInteger();
        Throwable error = fast.<String>run(() -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new ModelCallException(503, "model endpoint answered 503: busy", null, null));
        }).handle((v, e) -> e).join();
        assertThat(calls).hasValue(3);
        assertThat(error).isInstanceOf(RetriesExhaustedException.class)
                .hasMessage("after 3 attempts: model endpoint answered 503: busy");
        assertThat(((RetriesExhaustedException) error).status()).isEqualTo(503);
        assertThat(((RetriesExhaustedException) error).attempts()).isEqualTo(3);
    }

    @Test
    void refusalsByAnOpenCircuitDoNotUseUpAttemptsButHaveABudgetOfTheirOwn() throws Exception {
        RetryPolicy fast = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));
        AtomicInteger upstream = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        // ten refusals, one upstream failure, five refusals, then the upstream answers: within 2 attempts
        String result = fast.<String>run(() -> {
            int r = refused.get();
            if (r < 10 || (upstream.get() == 1 && r < 15)) {
                refused.incrementAndGet();
                return CompletableFuture.failedFuture(new CircuitOpenException("http://up", Duration.ofMillis(1)));
            }
            return upstream.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new ModelCallException(500, "boom", null, null))
                    : CompletableFuture.completedFuture("ok");
        }).get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok");
        assertThat(upstream).hasValue(2);
        assertThat(refused).hasValue(15);

        AtomicInteger calls = new AtomicInteger();
        Throwable error = fast.<String>run(() -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new CircuitOpenException("http://up", Duration.ofMillis(1)));
        }).handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(calls).hasValue(2 * RetryPolicy.REFUSALS_PER_ATTEMPT);
        assertThat(error).isInstanceOf(RetriesExhaustedException.class).hasMessageContaining("circuit open for http://up");
    }

    @Test
    void aClientErrorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        Throwable error = policy.<String>run(() -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new ModelCallException(400, "bad request", null, null));
        }).handle((v, e) -> e).join();
        assertThat(calls).hasValue(1);
        assertThat(error).isExactlyInstanceOf(ModelCallException.class).hasMessage("bad request");
    }
}

package io.cpa.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker("http://upstream/v1",
            new CircuitBreaker.Settings(10, 4, 0.5, Duration.ofSeconds(5), 2), now::get);

    private void outcome(boolean failure) {
        assertThat(breaker.tryAcquire()).isTrue();
        if (failure) breaker.onFailure();
        else breaker.onSuccess();
    }

    @Test
    void staysClosedBelowTheMinimumNumberOfCalls() {
        outcome(true);
        outcome(true);
        outcome(true);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        outcome(true); // 4 of 4 failed
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.timesOpened()).isEqualTo(1);
    }

    @Test
    void opensWhenTheFailureShareOfTheWindowReachesTheThreshold() {
        for (int i = 0; i < 6; i++) outcome(false);
        for (int i = 0; i < 3; i++) outcome(true); // 3 of 9 = 33%
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        outcome(true); // 4 of 10 = 40%
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        outcome(true); // window slides: the oldest success leaves, 5 of 10 = 50%
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void halfOpensAfterTheWaitAndClosesWhenTheTrialsSucceed() {
        for (int i = 0; i < 4; i++) outcome(true);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(1));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("only two trials at a time").isFalse();
        breaker.onSuccess();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        // a fresh window: three failures are below the minimum again
        for (int i = 0; i < 3; i++) outcome(true);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedTrialOpensItAgainForAFullWait() {
        for (int i = 0; i < 4; i++) outcome(true);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(5));
        assertThat(breaker.timesOpened()).isEqualTo(2);
    }

    @Test
    void callRefusesWhileOpenWithTheRemainingWaitAsRetryAfterAndIgnoresClientErrors() {
        CompletableFuture<String> badRequest = breaker.call(
                () -> CompletableFuture.failedFuture(new ModelCallException(400, "bad request", null, null)),
                CircuitBreaker::upstreamFault);
        assertThat(badRequest).isCompletedExceptionally();
        for (int i = 0; i < 4; i++) {
            breaker.call(() -> CompletableFuture.failedFuture(new ModelCallException(503, "down", null, null)),
                    CircuitBreaker::upstreamFault);
        }
        assertThat(breaker.state()).as("the 400 did not count, the four 503s did").isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        int[] calls = {0};
        CompletableFuture<String> refused = breaker.call(() -> {
            calls[0]++;
            return CompletableFuture.completedFuture("x");
        }, CircuitBreaker::upstreamFault);
        assertThat(calls[0]).isZero();
        Throwable error = refused.handle((v, e) -> e).join();
        assertThat(error).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) error).retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(((CircuitOpenException) error).retryable()).isTrue();
        assertThat(error.getMessage()).contains("http://upstream/v1");
    }
}

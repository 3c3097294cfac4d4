package io.cpa.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A count-based circuit breaker for one upstream.
 * <ul>
 *   <li>CLOSED: calls pass; the outcomes of the last {@code window} calls are kept. When at least
 *       {@code minimumCalls} are recorded and the failure share reaches {@code failureRateThreshold}, it opens.</li>
 *   <li>OPEN: calls are refused with {@link CircuitOpenException} for {@code openFor}; then it goes half-open.</li>
 *   <li>HALF_OPEN: up to {@code halfOpenTrials} calls pass; all succeeding closes it (with a fresh window), one
 *       failing opens it again.</li>
 * </ul>
 * Only failures the caller classifies as the upstream's fault count (5xx, 429, transport); a 400 for a bad request
 * says nothing about the upstream's health. Thread-safe; the clock is injectable so tests need no sleeping.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    public record Settings(int window, int minimumCalls, double failureRateThreshold, Duration openFor, int halfOpenTrials) {
        public Settings {
            if (window < 1) throw new IllegalArgumentException("window must be at least 1");
            if (minimumCalls < 1 || minimumCalls > window) throw new IllegalArgumentException("minimumCalls must be 1..window");
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
                throw new IllegalArgumentException("failureRateThreshold must be in (0, 1]");
            }
            if (openFor.isNegative()) throw new IllegalArgumentException("openFor must not be negative");
            if (halfOpenTrials < 1) throw new IllegalArgumentException("halfOpenTrials must be at least 1");
        }

        public static Settings defaults() {
            return new Settings(20, 10, 0.5, Duration.ofSeconds(5), 2);
        }
    }

    private final String name;
    private final Settings settings;
    private final LongSupplier nanoClock;
    private final boolean[] outcomes; // ring buffer, true = failure
    private int recorded;
    private int next;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private int trialsStarted;
    private int trialsSucceeded;
    private long timesOpened;

    public CircuitBreaker(String name, Settings settings) {
        this(name, settings, System::nanoTime);
    }

    public CircuitBreaker(String name, Settings settings, LongSupplier nanoClock) {
        this.name = name;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.outcomes = new boolean[settings.window()];
    }

    /** True when a call may start now; every true must be followed by exactly one {@link #onSuccess()} or {@link #onFailure()}. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoClock.getAsLong() - openedAt < settings.openFor().toNanos()) return false;
                state = State.HALF_OPEN;
                trialsStarted = 0;
                trialsSucceeded = 0;
                // fall through: this caller may be the first trial
            case HALF_OPEN:
            default:
                if (trialsStarted >= settings.halfOpenTrials()) return false;
                trialsStarted++;
                return true;
        }
    }

    public synchronized void onSuccess() {
        if (state == State.HALF_OPEN) {
            if (++trialsSucceeded >= settings.halfOpenTrials()) close();
            return;
        }
        if (state == State.CLOSED) record(false);
    }

    public synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        if (state == State.CLOSED) {
            record(true);
            if (recorded >= settings.minimumCalls() && failures >= settings.failureRateThreshold() * recorded) open();
        }
    }

    /** An acquired call that ended in a way that says nothing about the upstream: frees a half-open trial slot. */
    public synchronized void onIgnored() {
        if (state == State.HALF_OPEN && trialsStarted > 0) trialsStarted--;
    }

    private void record(boolean failure) {
        if (recorded == outcomes.length) {
            if (outcomes[next]) failures--;
        } else {
            recorded++;
        }
        outcomes[next] = failure;
        if (failure) failures++;
        next = (next + 1) % outcomes.length;
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoClock.getAsLong();
        timesOpened++;
    }

    private void close() {
        state = State.CLOSED;
        recorded = 0;
        next = 0;
        failures = 0;
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= settings.openFor().toNanos()) return State.HALF_OPEN;
        return state;
    }

    /** How often it has opened since creation (a metric). */
    public synchronized long timesOpened() {
        return timesOpened;
    }

    /** Time until a trial call may pass; zero unless open. */
    public synchronized Duration remainingOpen() {
        if (state != State.OPEN) return Duration.ZERO;
        long left = settings.openFor().toNanos() - (nanoClock.getAsLong() - openedAt);
        return Duration.ofNanos(Math.max(0, left));
    }

    /**
     * Runs the call through the breaker. Refused calls fail with {@link CircuitOpenException}; a failure counts
     * against the upstream only when {@code upstreamFault} says so.
     */
    public <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> call, Predicate<Throwable> upstreamFault) {
        if (!tryAcquire()) {
            Duration wait = remainingOpen();
            return CompletableFuture.failedFuture(new CircuitOpenException(name, wait.isZero() ? Duration.ofMillis(50) : wait));
        }
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            onIgnored();
            return CompletableFuture.failedFuture(e);
        }
        return stage.toCompletableFuture().whenComplete((value, error) -> {
            if (error == null) {
                onSuccess();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (upstreamFault.test(cause)) onFailure();
                else onIgnored();
            }
        });
    }

    /** The default classification: retryable model-call failures (429, 5xx, transport) are the upstream's fault. */
    public static boolean upstreamFault(Throwable error) {
        return error instanceof ModelCallException mce && !(error instanceof CircuitOpenException) && mce.retryable();
    }
}

package io.cpa.client;

import java.time.Duration;

/**
 * A call not made because the upstream's circuit is open. Retryable, with the time left until the breaker lets a
 * trial call through as its {@code retryAfter}, so a {@link RetryPolicy} waits for it instead of hammering.
 */
public class CircuitOpenException extends ModelCallException {
    public CircuitOpenException(String upstream, Duration remaining) {
        super(0, "circuit open for " + upstream + " (upstream failing), next trial in " + remaining.toMillis() + " ms",
                remaining, null);
    }
}

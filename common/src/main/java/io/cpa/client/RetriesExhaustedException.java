package io.cpa.client;

/**
 * Every attempt of a retried model call failed. Carries the last attempt's status and {@code Retry-After}; its
 * message is the dead-letter reason: {@code after 4 attempts: model endpoint answered 503: ...}.
 */
public class RetriesExhaustedException extends ModelCallException {
    private final int attempts;

    public RetriesExhaustedException(int attempts, ModelCallException last) {
        super(last.status(), "after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ": " + last.getMessage(),
                last.retryAfter(), last);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    /** Retrying again at once would not help: the policy already gave up. */
    @Override
    public boolean retryable() {
        return false;
    }
}

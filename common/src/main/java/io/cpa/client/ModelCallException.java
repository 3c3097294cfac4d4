package io.cpa.client;

import java.time.Duration;

/**
 * A model call that did not give a usable reply. {@code status} is the HTTP status, or 0 when no response came
 * (connection refused, timeout, unreadable body); {@code retryAfter} is the server's {@code Retry-After}, if any.
 */
public class ModelCallException extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    public ModelCallException(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() { return status; }

    public Duration retryAfter() { return retryAfter; }

    /** 429, 5xx and transport failures are worth another try; other 4xx are not. */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** The endpoint refused to return logprobs (OpenAI reasoning models answer 400/403 to such requests). */
    public boolean refusesLogprobs() {
        String m = getMessage() == null ? "" : getMessage().toLowerCase(java.util.Locale.ROOT);
        return (status == 400 || status == 403) && m.contains("logprob");
    }
}

package io.cpa.analysis.alert;

import io.cpa.client.ModelCallException;
import io.cpa.client.RetryPolicy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * POSTs one JSON body to a webhook, retried by {@link RetryPolicy} (full-jitter exponential backoff, Retry-After
 * honoured) on 408, 429, 5xx and transport failures; another 4xx fails at once, since repeating it cannot help.
 * Asynchronous throughout: no thread waits for the receiver or for a backoff.
 */
public final class WebhookSender {
    private final URI url;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookSender(URI url, RetryPolicy retry, Duration timeout) {
        this.url = url;
        this.retry = retry;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Completes with the receiver's 2xx status, or exceptionally with the last failure. */
    public CompletableFuture<Integer> post(String json, RetryPolicy.Listener listener) {
        return retry.run(() -> attempt(json), listener);
    }

    private CompletableFuture<Integer> attempt(String json) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = RetryPolicy.unwrap(error);
                        throw new ModelCallException(0, "webhook " + url + " unreachable: " + cause, null, cause);
                    }
                    int status = response.statusCode();
                    if (status / 100 == 2) return status;
                    throw new ModelCallException(status, "webhook " + url + " answered " + status,
                            retryAfter(response), null);
                });
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: the backoff alone decides
            }
        }).orElse(null);
    }
}

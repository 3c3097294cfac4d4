package io.cpa.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A non-blocking client of the OpenAI-compatible chat completions API (OpenAI, vLLM, llama.cpp server, Ollama /v1,
 * the model simulator). It builds the request and classifies the reply and failures, the same whatever the
 * {@link HttpTransport} that moves the bytes; retries and budgets are the caller's policy.
 */
public final class ChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelEndpoint endpoint;
    private final HttpTransport transport;
    private final Duration timeout;

    /** Over a JDK HTTP client of its own. */
    public ChatClient(ModelEndpoint endpoint, Duration timeout) {
        this(endpoint, timeout, new JdkHttpTransport());
    }

    /** Over a shared JDK HTTP client (one connection pool for many clients). */
    public ChatClient(ModelEndpoint endpoint, Duration timeout, HttpClient http) {
        this(endpoint, timeout, new JdkHttpTransport(http));
    }

    public ChatClient(ModelEndpoint endpoint, Duration timeout, HttpTransport transport) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.transport = transport;
    }

    public ModelEndpoint endpoint() { return endpoint; }

    /** The JSON body the request sends. */
    public ObjectNode body(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatRequest.ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("temperature", request.temperature());
        if (request.logprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() != null) body.put("top_logprobs", request.topLogprobs());
        }
        if (request.maxTokens() != null) body.put("max_tokens", request.maxTokens());
        return body;
    }

    /** Completes with the response, or exceptionally with a {@link ModelCallException}. */
    public CompletableFuture<ChatResponse> complete(ChatRequest request) {
        Map<String, String> headers = endpoint.apiKey() == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + endpoint.apiKey());
        long start = System.nanoTime();
        return transport.post(endpoint.chatCompletions(), headers, body(request).toString(), timeout)
                .handle((response, error) -> {
                    long latencyMs = (System.nanoTime() - start) / 1_000_000;
                    if (error != null) throw transportFailure(error);
                    return read(response, latencyMs);
                });
    }

    private ChatResponse read(HttpTransport.Reply response, long latencyMs) {
        int status = response.status();
        if (status / 100 != 2) {
            Duration retryAfter = retryAfter(response.header("Retry-After"));
            throw new ModelCallException(status, "model endpoint answered " + status + ": " + abbreviate(response.body()),
                    retryAfter, null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ModelCallException(0, "model endpoint sent a body that is not JSON: " + abbreviate(response.body()), null, e);
        }
        if (body == null || !body.path("choices").isArray() || body.path("choices").isEmpty()) {
            throw new ModelCallException(0, "model endpoint sent no choices: " + abbreviate(response.body()), null, null);
        }
        return ChatResponse.of(body, latencyMs);
    }

    private static ModelCallException transportFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ModelCallException mce) return mce;
        String what = cause instanceof HttpTimeoutException ? "timed out" : "failed: " + cause;
        return new ModelCallException(0, "model call " + what, null, cause);
    }

    /** {@code Retry-After} in either form: delay-seconds (fractions allowed) or an HTTP-date; null when unreadable. */
    public static Duration retryAfter(String header) {
        return retryAfter(header, java.time.Clock.systemUTC());
    }

    static Duration retryAfter(String header, java.time.Clock clock) {
        if (header == null || header.isBlank()) return null;
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            if (Double.isNaN(seconds) || seconds < 0) return null;
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}

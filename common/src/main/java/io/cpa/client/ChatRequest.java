package io.cpa.client;

import java.util.List;

/**
 * One chat completion request. {@code topLogprobs} is sent only with {@code logprobs}; a null maxTokens leaves the
 * server's default.
 */
public record ChatRequest(List<ChatMessage> messages, double temperature, boolean logprobs, Integer topLogprobs, Integer maxTokens) {
    public ChatRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) throw new IllegalArgumentException("a chat request needs at least one message");
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw new IllegalArgumentException("top_logprobs must be 0..20: " + topLogprobs);
        }
    }

    public static ChatRequest user(String prompt, double temperature, boolean logprobs, Integer topLogprobs, Integer maxTokens) {
        return new ChatRequest(List.of(new ChatMessage("user", prompt)), temperature, logprobs, topLogprobs, maxTokens);
    }

    /** The same request (same messages, temperature and max tokens) asking for logprobs with this top-k. */
    public ChatRequest withLogprobs(int topLogprobs) {
        return new ChatRequest(messages, temperature, true, topLogprobs, maxTokens);
    }

    public record ChatMessage(String role, String content) {}
}

package io.cpa.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful chat completion: the whole body (so that logprobs can be read in any shape), the first choice's text,
 * the model the server says answered, token usage when reported, and the call's duration.
 */
public record ChatResponse(JsonNode body, String content, String model, Integer promptTokens, Integer completionTokens, long latencyMs) {
    static ChatResponse of(JsonNode body, long latencyMs) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        String content = message.path("content").isTextual() ? message.path("content").asText()
                : choice.path("text").asText("");
        JsonNode usage = body.path("usage");
        return new ChatResponse(body, content, body.path("model").asText(null),
                usage.path("prompt_tokens").isInt() ? usage.path("prompt_tokens").asInt() : null,
                usage.path("completion_tokens").isInt() ? usage.path("completion_tokens").asInt() : null,
                latencyMs);
    }
}

package io.cpa.client;

import java.net.URI;
import java.util.Objects;

/**
 * Where a model is reached: an OpenAI-compatible base URL (ending in {@code /v1}), an optional API key and the model
 * name to put in requests. {@link #toString()} never shows the key.
 */
public record ModelEndpoint(String baseUrl, String apiKey, String model) {
    public ModelEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("model base URL must start with http:// or https://: " + baseUrl);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    public URI chatCompletions() {
        return URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public String toString() {
        return "ModelEndpoint[" + baseUrl + ", model=" + model + (apiKey == null ? "" : ", key=***") + "]";
    }
}

package io.cpa.answer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A raw HTTP call with exactly the headers the official OpenAI Python SDK sends, so no SDK is needed in the test. */
public final class OpenAiCall {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private OpenAiCall() {}

    public static HttpResponse<byte[]> post(String baseUrl, String apiKey, String body, String... extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "OpenAI/Python 1.54.0")
                .header("X-Stainless-Lang", "python")
                .header("X-Stainless-Package-Version", "1.54.0")
                .header("X-Stainless-OS", "Linux")
                .header("X-Stainless-Arch", "x64")
                .header("X-Stainless-Runtime", "CPython")
                .header("X-Stainless-Runtime-Version", "3.12.1")
                .header("X-Stainless-Async", "false")
                .header("x-stainless-retry-count", "0");
        for (int i = 0; i < extraHeaders.length; i += 2) b.header(extraHeaders[i], extraHeaders[i + 1]);
        try {
            return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("call to " + baseUrl + " failed", e);
        }
    }

    /** Any method and path under the base URL, with the proxy key as the SDKs send it; body null for none. */
    public static HttpResponse<byte[]> send(String method, String url, String apiKey, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        try {
            return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        }
    }

    /** The request body the SDK builds for {@code client.chat.completions.create(...)}. */
    public static String chat(String model, String userMessage, boolean stream, Boolean logprobs, Integer topLogprobs) {
        StringBuilder sb = new StringBuilder("{\"messages\": [{\"role\": \"user\", \"content\": ")
                .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(userMessage).toString())
                .append("}], \"model\": \"").append(model).append('"');
        if (logprobs != null) sb.append(", \"logprobs\": ").append(logprobs);
        if (topLogprobs != null) sb.append(", \"top_logprobs\": ").append(topLogprobs);
        if (stream) sb.append(", \"stream\": true");
        return sb.append(", \"temperature\": 0.2}").toString();
    }
}

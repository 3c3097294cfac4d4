package io.cpa.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls of the commands, with JSON read and written by Jackson. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private Http() {}

    /** A status and body; the body as JSON when it is JSON. */
    record Reply(int status, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                return JSON.missingNode();
            }
        }

        /** The service's {@code error} field, else the body as it is. */
        String error() {
            JsonNode error = json().path("error");
            return error.isTextual() ? error.asText() : text().strip();
        }
    }

    static Reply get(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT).GET().build());
    }

    static Reply postJson(String url, JsonNode body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private static Reply send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

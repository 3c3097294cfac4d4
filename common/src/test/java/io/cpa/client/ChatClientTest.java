package io.cpa.client;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatClientTest {

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T06:00:00Z"), ZoneOffset.UTC);
        assertThat(ChatClient.retryAfter("2", clock)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ChatClient.retryAfter(" 0.25 ", clock)).isEqualTo(Duration.ofMillis(250));
        assertThat(ChatClient.retryAfter("Sat, 28 Nov 2026 06:00:07 GMT", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ChatClient.retryAfter("Sat, 28 Nov 2026 05:59:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(ChatClient.retryAfter("soon", clock)).isNull();
        assertThat(ChatClient.retryAfter("-1", clock)).isNull();
    }

    @Test
    void a429CarriesItsRetryAfterAndTheKeyGoesOnlyIntoTheAuthorizationHeader() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/v1/chat/completions", exchange -> {
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"error\":{\"message\":\"rate limited\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.sendResponseHeaders(429, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            ChatClient client = new ChatClient(new ModelEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "sk-secret-123", "m"), Duration.ofSeconds(5));
            Throwable error = client.complete(ChatRequest.user("hi", 0, false, null, 1)).handle((v, e) -> e).join();
            ModelCallException mce = (ModelCallException) RetryPolicy.unwrap(error);
            assertThat(mce.status()).isEqualTo(429);
            assertThat(mce.retryable()).isTrue();
            assertThat(mce.retryAfter()).isEqualTo(Duration.ofSeconds(3));
            assertThat(mce.getMessage()).doesNotContain("sk-secret-123");
            assertThat(auth).containsExactly("Bearer sk-secret-123");
            assertThat(client.endpoint().toString()).doesNotContain("sk-secret-123");
        } finally {
            server.stop(0);
        }
    }
}

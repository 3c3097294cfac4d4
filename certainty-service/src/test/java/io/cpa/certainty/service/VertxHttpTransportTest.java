package io.cpa.certainty.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpa.client.ChatClient;
import io.cpa.client.ChatRequest;
import io.cpa.client.ChatResponse;
import io.cpa.client.HttpTransport;
import io.cpa.client.ModelCallException;
import io.cpa.client.ModelEndpoint;
import io.cpa.client.RetryPolicy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vert.x transport under ChatClient against a real HTTP server: every outcome ChatClient tells apart. */
class VertxHttpTransportTest {
    private static final String REPLY = "{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"b\"}}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1}}";

    private Vertx vertx;
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/ok/v1/chat/completions", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, 200, REPLY, Map.of("Content-Type", "application/json"));
        });
        server.createContext("/held/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            await(release);
            reply(exchange, 200, REPLY, Map.of());
        });
        server.createContext("/limited/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            reply(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}", Map.of("Retry-After", "3"));
        });
        server.createContext("/broken/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            reply(exchange, 500, "{\"error\":{\"message\":\"boom\"}}", Map.of());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void a200IsReadWithItsBodyAndTheKeyGoesInTheAuthorizationHeader() {
        ChatResponse response = client("ok", "sk-secret-1", Duration.ofSeconds(5), 4, 16).complete(question()).join();
        assertThat(response.content()).isEqualTo("b");
        assertThat(response.model()).isEqualTo("m");
        assertThat(response.promptTokens()).isEqualTo(7);
        assertThat(received).singleElement().satisfies(r -> assertThat(r).startsWith("Bearer sk-secret-1 {").contains("\"model\":\"m\""));
    }

    @Test
    void theReplyCompletesTheCallOnAVertxEventLoop() {
        HttpTransport transport = new VertxHttpTransport(vertx, 4, 16, true);
        CompletableFuture<Boolean> onEventLoop = transport.post(URI.create(base("held") + "/chat/completions"), Map.of(), "{}", Duration.ofSeconds(5))
                .thenApply(reply -> Context.isOnEventLoopThread());
        release.countDown();
        assertThat(onEventLoop.join()).isTrue();
    }

    @Test
    void a429CarriesItsRetryAfter() {
        ModelCallException mce = failure(client("limited", null, Duration.ofSeconds(5), 4, 16));
        assertThat(mce.status()).isEqualTo(429);
        assertThat(mce.retryable()).isTrue();
        assertThat(mce.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(mce.getMessage()).contains("answered 429").contains("rate limited");
    }

    @Test
    void a500IsARetryableFailureWithItsStatus() {
        ModelCallException mce = failure(client("broken", null, Duration.ofSeconds(5), 4, 16));
        assertThat(mce.status()).isEqualTo(500);
        assertThat(mce.retryable()).isTrue();
        assertThat(mce.retryAfter()).isNull();
        assertThat(mce.getMessage()).contains("answered 500").contains("boom");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        ModelCallException mce = failure(client("held", null, Duration.ofMillis(300), 4, 16));
        assertThat(mce.status()).isZero();
        assertThat(mce.retryable()).isTrue();
        assertThat(mce.getMessage()).isEqualTo("model call timed out");
        assertThat(mce.getCause()).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aRefusedConnectionIsATransportFailureNotATimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ChatClient client = new ChatClient(new ModelEndpoint("http://127.0.0.1:" + closed + "/v1", null, "m"), Duration.ofSeconds(5),
                new VertxHttpTransport(vertx, 4, 16, true));
        ModelCallException mce = failure(client);
        assertThat(mce.status()).isZero();
        assertThat(mce.retryable()).isTrue();
        assertThat(mce.getMessage()).startsWith("model call failed: ").doesNotContain("timed out");
    }

    @Test
    void aCallBeyondThePoolAndItsWaitingBoundFailsAtOnce() {
        ChatClient client = client("held", null, Duration.ofSeconds(30), 1, 0);
        CompletableFuture<ChatResponse> holding = client.complete(question());
        ModelCallException mce = failure(client);
        assertThat(mce.getMessage()).startsWith("model call failed: ");
        assertThat(holding).isNotDone();
        release.countDown();
        assertThat(holding.join().content()).isEqualTo("b");
    }

    private ChatClient client(String path, String key, Duration timeout, int maxConnections, int maxWaiting) {
        return new ChatClient(new ModelEndpoint(base(path), key, "m"), timeout, new VertxHttpTransport(vertx, maxConnections, maxWaiting, true));
    }

    private String base(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path + "/v1";
    }

    private static ChatRequest question() {
        return ChatRequest.user("how certain?", 0.2, false, null, 4);
    }

    private static ModelCallException failure(ChatClient client) {
        Throwable error = client.complete(question()).handle((v, e) -> e).join();
        assertThat(error).isNotNull();
        return (ModelCallException) RetryPolicy.unwrap(error);
    }

    private static void reply(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

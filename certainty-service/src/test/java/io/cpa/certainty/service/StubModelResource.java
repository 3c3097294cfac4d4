package io.cpa.certainty.service;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server speaking the chat completions API with fixed replies: a certainty prompt whose question
 * contains {@code [fail]} gets a 500, every other one {@code b. Fairly Certain}.
 */
public class StubModelResource implements QuarkusTestResourceLifecycleManager {
    static final AtomicInteger CALLS = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", exchange -> {
            CALLS.incrementAndGet();
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = request.contains("[fail]") ? 500 : 200;
            String body = status == 500 ? "{\"error\":{\"message\":\"boom\"}}"
                    : "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"stub\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"b. Fairly Certain\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":4,\"total_tokens\":84}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("cpa.model.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "cpa.model.name", "stub-model",
                "cpa.certainty.backoff", "10ms",
                "cpa.certainty.max-attempts", "2");
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}

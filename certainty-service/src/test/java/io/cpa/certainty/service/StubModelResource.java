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
 * contains {@code [fail]} gets a 500; one containing {@code [flaky]} fails 30% of the time (a seeded draw), half of
 * those with 500 and half with 429 and a Retry-After; every other one gets {@code b. Fairly Certain}.
 */
public class StubModelResource implements QuarkusTestResourceLifecycleManager {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();
    private static final java.util.Random FLAKY = new java.util.Random(20261128);
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
            if (request.contains("[flaky]")) {
                double draw;
                synchronized (FLAKY) {
                    draw = FLAKY.nextDouble();
                }
                if (draw < 0.15) status = 500;
                else if (draw < 0.30) status = 429;
                if (status != 200) FLAKY_FAILURES.incrementAndGet();
            }
            if (status == 429) exchange.getResponseHeaders().add("Retry-After", "0.02");
            String body = status != 200 ? "{\"error\":{\"message\":\"boom\"}}"
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
        // the breaker is unit-tested in common; here it must not trip on the deliberate 30% failures
        return Map.of("cpa.model.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "cpa.model.name", "stub-model",
                "cpa.certainty.backoff", "10ms",
                "cpa.certainty.max-backoff", "100ms",
                "cpa.certainty.max-attempts", "4",
                "cpa.certainty.circuit.open-for", "50ms",
                "cpa.certainty.circuit.window", "50",
                "cpa.certainty.circuit.minimum-calls", "40",
                "cpa.certainty.circuit.failure-rate", "0.6",
                "cpa.certainty.sampling.rates.\"stub-model|unsampled\"", "0");
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}

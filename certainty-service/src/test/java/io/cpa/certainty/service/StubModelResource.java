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
 * A real HTTP server speaking the chat completions API with fixed replies, under three base paths that the routing
 * table makes three upstreams: {@code /a/v1} (route {@code a}: {@code stub-model}, {@code model-a}), {@code /b/v1}
 * (route {@code b}: {@code model-b*}, judged by {@code model-j}) and {@code /j/v1} (route {@code j}: {@code model-j});
 * route {@code p} ({@code model-p}) is pass-through without a key. Calls are counted per path and requested model.
 * A certainty prompt whose question contains {@code [fail]} gets a 500; one containing {@code [flaky]} fails 30% of
 * the time (a seeded draw), half of those with 500 and half with 429 and a Retry-After; a numeric prompt
 * ({@code scale of 1 to 100}) gets {@code 85}; every other one gets {@code b. Fairly Certain}. A request asking for
 * logprobs gets them, as OpenAI sends them: the first token {@code b} with the alternatives {@code b} 0.7, {@code c}
 * 0.2, {@code a} 0.05 and {@code " B"} 0.03 (as many as {@code top_logprobs} asks). Route {@code r} ({@code model-r},
 * {@code /r/v1}) is a model that refuses logprobs: it answers a request asking for them with OpenAI's 400
 * {@code unsupported_parameter}. Every request body is kept, with its path, for the tests to read.
 */
public class StubModelResource implements QuarkusTestResourceLifecycleManager {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();
    /** Calls per "path model", e.g. "/a/v1 model-a". */
    static final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> CALLS_BY_ROUTE_AND_MODEL = new java.util.concurrent.ConcurrentHashMap<>();

    static int calls(String basePath, String model) {
        AtomicInteger n = CALLS_BY_ROUTE_AND_MODEL.get(basePath + " " + model);
        return n == null ? 0 : n.get();
    }
    /** Every request as "path body", in arrival order. */
    static final java.util.concurrent.ConcurrentLinkedQueue<String> REQUESTS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The bodies of the requests to {@code basePath} that contain {@code marker}, in arrival order. */
    static java.util.List<com.fasterxml.jackson.databind.JsonNode> requests(String basePath, String marker) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        for (String r : REQUESTS) {
            if (!r.startsWith(basePath + " ") || !r.contains(marker)) continue;
            try {
                out.add(json.readTree(r.substring(basePath.length() + 1)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static final String REFUSAL = "{\n  \"error\": {\n    \"message\": \"Unsupported parameter: 'logprobs' is not supported with "
            + "this model.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"logprobs\",\n    \"code\": "
            + "\"unsupported_parameter\"\n  }\n}";

    /** The logprobs of {@code b. Fairly Certain}: only the first token has alternatives that matter. */
    static String logprobs(int k) {
        String[][] alternatives = {{"b", "0.7"}, {"c", "0.2"}, {"a", "0.05"}, {" B", "0.03"}};
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(k, alternatives.length); i++) {
            if (i > 0) top.append(',');
            top.append("{\"token\":\"").append(alternatives[i][0]).append("\",\"logprob\":")
                    .append(Math.log(Double.parseDouble(alternatives[i][1]))).append(",\"bytes\":null}");
        }
        StringBuilder content = new StringBuilder("[{\"token\":\"b\",\"logprob\":" + Math.log(0.7)
                + ",\"bytes\":[98],\"top_logprobs\":[" + top + "]}");
        for (String t : new String[]{".", " Fairly", " Certain"}) {
            content.append(",{\"token\":\"").append(t).append("\",\"logprob\":-0.01,\"bytes\":null,\"top_logprobs\":[")
                    .append(k > 0 ? "{\"token\":\"" + t + "\",\"logprob\":-0.01,\"bytes\":null}" : "").append("]}");
        }
        return "{\"content\":" + content + "]}";
    }

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
        for (String base : java.util.List.of("/a/v1", "/b/v1", "/j/v1", "/r/v1")) server.createContext(base + "/chat/completions", exchange -> {
            CALLS.incrementAndGet();
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            REQUESTS.add(base + " " + request);
            com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request);
            String model = tree.path("model").asText();
            boolean logprobs = tree.path("logprobs").asBoolean(false);
            CALLS_BY_ROUTE_AND_MODEL.computeIfAbsent(base + " " + model, k -> new AtomicInteger()).incrementAndGet();
            int status = request.contains("[fail]") ? 500 : 200;
            boolean refuses = base.equals("/r/v1") && logprobs;
            if (refuses) status = 400;
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
            String content = request.contains("scale of 1 to 100") ? "85" : "b. Fairly Certain";
            String body = refuses ? REFUSAL : status != 200 ? "{\"error\":{\"message\":\"boom\"}}"
                    : "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"stub\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                    + "\"logprobs\":" + (logprobs && content.startsWith("b") ? logprobs(tree.path("top_logprobs").asInt(0)) : "null")
                    + ",\"finish_reason\":\"stop\"}],"
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
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.ofEntries(Map.entry("cpa.routes.a.models", "stub-model,model-a"),
                Map.entry("cpa.routes.a.base-url", root + "/a/v1"),
                Map.entry("cpa.routes.b.models", "model-b*"),
                Map.entry("cpa.routes.b.base-url", root + "/b/v1"),
                Map.entry("cpa.routes.b.judge", "model-j"),
                Map.entry("cpa.routes.j.models", "model-j"),
                Map.entry("cpa.routes.j.base-url", root + "/j/v1"),
                Map.entry("cpa.routes.p.models", "model-p"),
                Map.entry("cpa.routes.p.base-url", root + "/a/v1"),
                Map.entry("cpa.routes.p.pass-through", "true"),
                Map.entry("cpa.routes.r.models", "model-r"),
                Map.entry("cpa.routes.r.base-url", root + "/r/v1"),
                // a call the stub leaves unanswered is retried after 5 s, not the default 30, within a test's wait
                Map.entry("cpa.routes.r.timeout", "5s"),
                // each call on a connection of its own: with kept-alive connections to this JDK-server stub, CI saw the
                // refusal of route r arrive as a 400 without its body once, and the call after it made twice once (cause
                // not found; the transport's reuse of connections is tested in VertxHttpTransportTest and end to end
                // against the simulator)
                Map.entry("cpa.certainty.http.keep-alive", "false"),
                Map.entry("cpa.certainty.max-quoted-chars", "2000"),
                Map.entry("cpa.certainty.variants", "cqp"),
                Map.entry("cpa.certainty.backoff", "10ms"),
                Map.entry("cpa.certainty.max-backoff", "100ms"),
                Map.entry("cpa.certainty.max-attempts", "4"),
                Map.entry("cpa.certainty.circuit.open-for", "50ms"),
                Map.entry("cpa.certainty.circuit.window", "50"),
                Map.entry("cpa.certainty.circuit.minimum-calls", "40"),
                Map.entry("cpa.certainty.circuit.failure-rate", "0.6"),
                Map.entry("cpa.certainty.sampling.rates.\"stub-model|unsampled\"", "0"));
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}

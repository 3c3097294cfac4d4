package io.cpa.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server in the shape of the OpenAI chat completions API, with deterministic replies written in a
 * deliberately irregular JSON layout (extra spaces, exponent numbers), so that any re-serialisation by the proxy
 * would show in a byte comparison. Multiple-choice prompts (ending in {@code Answer:}) get {@code B} with option
 * alternatives; other prompts a short sentence. {@code [status429]} in the prompt gets a 429 with Retry-After.
 * Each request is remembered by the first word of its prompt (a test's tag), for assertions on what the upstream got.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {
    public static final String UPSTREAM_KEY = "sk-upstream-Zq81Xv";
    public static final Map<String, Received> RECEIVED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int port;
    private HttpServer server;

    public record Received(JsonNode body, String authorization) {}

    public static String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return Map.of("cpa.model.base-url", baseUrl(), "cpa.model.api-key", UPSTREAM_KEY, "cpa.model.name", "stub-configured",
                "cpa.auth.keys", "cpa-key-one-7Hd2,cpa-key-two-Pq93");
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String prompt = lastUser(request);
        String[] words = prompt.strip().split("\\s+");
        RECEIVED.put(words[0], new Received(request, exchange.getRequestHeaders().getFirst("Authorization")));
        if (prompt.contains("[status429]")) {
            byte[] body = "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(429, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        boolean logprobs = request.path("logprobs").asBoolean(false);
        int top = request.path("top_logprobs").asInt(0);
        boolean mc = prompt.strip().endsWith("Answer:");
        List<String[]> tokens = mc ? List.<String[]>of(new String[]{"B", "-0.2"})
                : List.of(new String[]{"Paris", "-0.1"}, new String[]{" is", "-0.05"}, new String[]{" it", "-1e-3"}, new String[]{".", "-0.3"});
        if (request.path("stream").asBoolean(false)) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().add("X-Request-Id", "req-stub-1");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stub-1\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
                write(out, ": keep-alive\n\n");
                for (String[] t : tokens) {
                    String lp = logprobs ? "{\"content\":[" + entry(t, top, mc) + "],\"refusal\":null}" : "null";
                    String event = "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                            + "\"model\":\"stub-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JSON.writeValueAsString(t[0])
                            + "},\"logprobs\":" + lp + ",\"finish_reason\":null}]}\n\n";
                    // split each event across two writes, in the middle of a multi-byte-free token, like a network would
                    int cut = event.length() / 2;
                    write(out, event.substring(0, cut));
                    write(out, event.substring(cut));
                }
                write(out, "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"stub-1\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
                write(out, "data: [DONE]\n\n");
            }
            return;
        }
        StringBuilder content = new StringBuilder();
        List<String> entries = new ArrayList<>();
        for (String[] t : tokens) {
            content.append(t[0]);
            entries.add(entry(t, top, mc));
        }
        String lp = logprobs ? "{ \"content\": [" + String.join(", ", entries) + "], \"refusal\": null }" : "null";
        String body = "{\n  \"id\": \"chatcmpl-fixed\",  \"object\": \"chat.completion\", \"created\": 1700000000,\n"
                + "  \"model\": \"stub-1-2024-08-06\",\n  \"choices\": [ {\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": "
                + JSON.writeValueAsString(content.toString()) + ", \"refusal\": null},\n    \"logprobs\": " + lp
                + ", \"finish_reason\": \"stop\"} ],\n  \"usage\": {\"prompt_tokens\": 31, \"completion_tokens\": " + tokens.size()
                + ", \"total_tokens\": " + (31 + tokens.size()) + "},\n  \"system_fingerprint\": \"fp_1e0\"\n}\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Request-Id", "req-stub-2");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String entry(String[] token, int top, boolean mc) throws IOException {
        String t = JSON.writeValueAsString(token[0]);
        StringBuilder alts = new StringBuilder();
        String[][] options = mc ? new String[][]{{"B", "-0.2"}, {"A", "-1.9"}, {"C", "-3.0E0"}, {" B", "-5.5"}, {"D", "-9999.0"}}
                : new String[][]{{token[0], token[1]}, {"x", "-4.0"}};
        for (int i = 0; i < Math.min(top, options.length); i++) {
            if (i > 0) alts.append(",");
            alts.append("{\"token\":").append(JSON.writeValueAsString(options[i][0])).append(",\"logprob\":").append(options[i][1])
                    .append(",\"bytes\":null}");
        }
        return "{\"token\":" + t + ",\"logprob\":" + token[1] + ",\"bytes\":null,\"top_logprobs\":[" + alts + "]}";
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String lastUser(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) return messages.get(i).path("content").asText("");
        }
        return "";
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}

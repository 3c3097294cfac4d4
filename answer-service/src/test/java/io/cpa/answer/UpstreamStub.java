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
 * alternatives; other prompts a short sentence. {@code [status429]} in the prompt gets a 429 with Retry-After,
 * {@code [tools]} a reply of tool calls only, {@code [refuse-logprobs]} a reasoning model's 400 to a logprobs request;
 * {@code n} choices are answered with {@code n > 1}. {@code /v1/responses} answers in the Responses API's shape (whole
 * or as named stream events), {@code /v1/models} with one model.
 * Each request is remembered by the first word of its prompt (a test's tag), for assertions on what the upstream got.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {
    public static final String UPSTREAM_KEY = "sk-upstream-Zq81Xv";
    /** A key with the role admin, for the endpoints the legacy (ingest) keys may not use: runs, studies, metrics. */
    public static final String ADMIN_KEY = "cpa-admin-key-Zr81Lw";
    /** Ingest keys of two tenants, for the tests of what each tenant sends in. */
    public static final String ACME_INGEST_KEY = "cpa-acme-ingest-Kw31";
    public static final String GLOBEX_INGEST_KEY = "cpa-globex-ingest-Jv52";
    public static final String SECOND_KEY = "sk-second-Wd44Lm";
    /** The Authorization of the last {@code GET /v1/models}. */
    public static volatile String modelsAuthorization;
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
        server.createContext("/v1/responses", this::responses);
        server.createContext("/v1/models", this::models);
        server.start();
        port = server.getAddress().getPort();
        // three routes to the one stub, told apart by their keys (tunnel: the caller's own); no default route, so
        // other model names are unknown
        Map<String, String> config = new java.util.HashMap<>(Map.of("cpa.routes.stub.models", "stub-configured,gpt-4o-mini,m,gpt-4.1*", "cpa.routes.stub.base-url", baseUrl(),
                "cpa.routes.stub.api-key", UPSTREAM_KEY,
                "cpa.routes.second.models", "second-*", "cpa.routes.second.base-url", baseUrl() + "/",
                "cpa.routes.second.api-key", SECOND_KEY,
                "cpa.routes.tunnel.models", "tunnel-*", "cpa.routes.tunnel.base-url", baseUrl(), "cpa.routes.tunnel.pass-through", "true",
                "cpa.auth.keys", "cpa-key-one-7Hd2,cpa-key-two-Pq93"));
        // the legacy keys above ingest; runs and metrics need more
        config.put("cpa.auth.api-keys.test-admin.key", ADMIN_KEY);
        config.put("cpa.auth.api-keys.test-admin.roles", "admin");
        config.put("cpa.auth.api-keys.acme-feed.key", ACME_INGEST_KEY);
        config.put("cpa.auth.api-keys.acme-feed.roles", "ingest");
        config.put("cpa.auth.api-keys.acme-feed.tenant", "acme");
        config.put("cpa.auth.api-keys.globex-feed.key", GLOBEX_INGEST_KEY);
        config.put("cpa.auth.api-keys.globex-feed.roles", "ingest");
        config.put("cpa.auth.api-keys.globex-feed.tenant", "globex");
        return config;
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
        if (logprobs && prompt.contains("[refuse-logprobs]")) {
            send(exchange, 400, "{\"error\": {\"message\": \"This model does not support logprobs.\", \"type\": \"invalid_request_error\","
                    + " \"param\": \"logprobs\", \"code\": \"unsupported_parameter\"}}");
            return;
        }
        if (prompt.contains("[tools]")) {
            send(exchange, 200, "{\"id\": \"chatcmpl-tools\", \"object\": \"chat.completion\", \"created\": 1700000000, \"model\": \"stub-1\","
                    + " \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_1\","
                    + " \"type\": \"function\", \"function\": {\"name\": \"lookup\", \"arguments\": \"{}\"}}], \"refusal\": null},"
                    + " \"logprobs\": " + (logprobs ? "{\"content\": null, \"refusal\": null}" : "null") + ", \"finish_reason\": \"tool_calls\"}]}");
            return;
        }
        int top = request.path("top_logprobs").asInt(0);
        int n = Math.max(1, request.path("n").asInt(1));
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
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            choices.add("{\"index\": " + i + ", \"message\": {\"role\": \"assistant\", \"content\": "
                    + JSON.writeValueAsString(content.toString()) + ", \"refusal\": null},\n    \"logprobs\": " + lp
                    + ", \"finish_reason\": \"stop\"}");
        }
        String body = "{\n  \"id\": \"chatcmpl-fixed\",  \"object\": \"chat.completion\", \"created\": 1700000000,\n"
                + "  \"model\": \"stub-1-2024-08-06\",\n  \"choices\": [ " + String.join(", ", choices) + " ],\n  \"usage\": {\"prompt_tokens\": 31, \"completion_tokens\": " + tokens.size()
                + ", \"total_tokens\": " + (31 + tokens.size()) + "},\n  \"system_fingerprint\": \"fp_1e0\"\n}\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Request-Id", "req-stub-2");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void models(HttpExchange exchange) throws IOException {
        modelsAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        send(exchange, 200, "{\"object\": \"list\", \"data\": [{\"id\": \"stub-1\", \"object\": \"model\", \"created\": 1700000000, \"owned_by\": \"stub\"}]}");
    }

    /** The Responses API: output_text logprobs only with include message.output_text.logprobs, as OpenAI does. */
    private void responses(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String prompt = lastUserInput(request);
        RECEIVED.put(prompt.strip().split("\\s+")[0], new Received(request, exchange.getRequestHeaders().getFirst("Authorization")));
        boolean logprobs = false;
        for (JsonNode i : request.path("include")) logprobs |= i.asText().equals("message.output_text.logprobs");
        if (logprobs && prompt.contains("[refuse-logprobs]")) {
            send(exchange, 400, "{\n  \"error\": {\n    \"message\": \"Unsupported parameter: 'top_logprobs' is not supported with this model.\",\n"
                    + "    \"type\": \"invalid_request_error\",\n    \"param\": \"top_logprobs\",\n    \"code\": \"unsupported_parameter\"\n  }\n}");
            return;
        }
        int top = request.path("top_logprobs").asInt(0);
        boolean mc = prompt.strip().endsWith("Answer:");
        List<String[]> tokens = mc ? List.<String[]>of(new String[]{"B", "-0.2"})
                : List.of(new String[]{"Paris", "-0.1"}, new String[]{" is", "-0.05"}, new String[]{" it", "-1e-3"}, new String[]{".", "-0.3"});
        StringBuilder text = new StringBuilder();
        List<String> entries = new ArrayList<>();
        for (String[] t : tokens) {
            text.append(t[0]);
            entries.add(entry(t, top, mc));
        }
        String topEcho = request.has("top_logprobs") ? request.get("top_logprobs").toString() : "0";
        String head = "\"id\": \"resp_stub1\", \"object\": \"response\", \"created_at\": 1741476542, \"model\": \"stub-4.1-2025-04-14\"";
        String tail = ", \"parallel_tool_calls\": true, \"tool_choice\": \"auto\", \"tools\": [], \"temperature\": 1.0, \"top_p\": 1.0, "
                + "\"top_logprobs\": " + topEcho + ", \"text\": {\"format\": {\"type\": \"text\"}}, \"metadata\": {}";
        String message = "{\"id\": \"msg_stub1\", \"type\": \"message\", \"status\": \"completed\", \"role\": \"assistant\", \"content\": "
                + "[{\"type\": \"output_text\", \"text\": " + JSON.writeValueAsString(text.toString()) + ", \"annotations\": [], \"logprobs\": ["
                + (logprobs ? String.join(", ", entries) : "") + "]}]}";
        String usage = "\"usage\": {\"input_tokens\": 31, \"input_tokens_details\": {\"cached_tokens\": 0}, \"output_tokens\": " + tokens.size()
                + ", \"output_tokens_details\": {\"reasoning_tokens\": 0}, \"total_tokens\": " + (31 + tokens.size()) + "}";
        String completed = "{" + head + ", \"status\": \"completed\", \"error\": null, \"incomplete_details\": null, \"output\": ["
                + message + "], " + usage + tail + "}";
        if (!request.path("stream").asBoolean(false)) {
            send(exchange, 200, completed);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            int seq = 0;
            event(out, "response.created", "{\"type\":\"response.created\",\"sequence_number\":" + seq++ + ",\"response\":{" + head
                    + ",\"status\":\"in_progress\",\"error\":null,\"incomplete_details\":null,\"output\":[],\"usage\":null" + tail + "}}");
            event(out, "response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":" + seq++
                    + ",\"output_index\":0,\"item\":{\"id\":\"msg_stub1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
            event(out, "response.content_part.added", "{\"type\":\"response.content_part.added\",\"sequence_number\":" + seq++
                    + ",\"item_id\":\"msg_stub1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}}");
            for (int i = 0; i < tokens.size(); i++) {
                String lp = logprobs ? entries.get(i).replace(",\"bytes\":null", "") : "";
                String data = "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + seq++ + ",\"item_id\":\"msg_stub1\",\"output_index\":0,"
                        + "\"content_index\":0,\"delta\":" + JSON.writeValueAsString(tokens.get(i)[0]) + ",\"logprobs\":[" + lp + "]}";
                String e = "event: response.output_text.delta\ndata: " + data + "\n\n";
                int cut = e.length() / 2;
                write(out, e.substring(0, cut));
                write(out, e.substring(cut));
            }
            event(out, "response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":" + seq++
                    + ",\"item_id\":\"msg_stub1\",\"output_index\":0,\"content_index\":0,\"text\":" + JSON.writeValueAsString(text.toString())
                    + ",\"logprobs\":[" + (logprobs ? String.join(",", entries) : "") + "]}");
            event(out, "response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":" + seq++
                    + ",\"output_index\":0,\"item\":" + message + "}");
            event(out, "response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + seq++ + ",\"response\":" + completed + "}");
        }
    }

    private static void event(OutputStream out, String type, String data) throws IOException {
        write(out, "event: " + type + "\ndata: " + data + "\n\n");
    }

    private static String lastUserInput(JsonNode request) {
        JsonNode input = request.path("input");
        if (input.isTextual()) return input.asText();
        for (int i = input.size() - 1; i >= 0; i--) {
            JsonNode item = input.get(i);
            if (!"user".equals(item.path("role").asText())) continue;
            if (item.path("content").isTextual()) return item.path("content").asText();
            for (JsonNode part : item.path("content")) if (part.path("text").isTextual()) return part.path("text").asText();
        }
        return "";
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

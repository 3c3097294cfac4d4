package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real server on a free port, through java.net.http. */
class ModelSimulatorHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> LABELS = EngineStatisticsTest.LABELS;
    static ModelSimulator sim;

    @BeforeAll
    static void start() {
        sim = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0", "seed", "2024")));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static HttpResponse<String> post(ModelSimulator s, String path, JsonNode body) throws IOException, InterruptedException {
        String base = s.baseUrl().replace("/v1", "");
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(ModelSimulator s, String path) throws IOException, InterruptedException {
        String base = s.baseUrl().replace("/v1", "");
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static ObjectNode chat(String userText, Boolean logprobs, Integer topLogprobs) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "gpt-4-0613");
        body.put("temperature", 0.2);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
        messages.addObject().put("role", "user").put("content", userText);
        if (logprobs != null) body.put("logprobs", logprobs);
        if (topLogprobs != null) body.put("top_logprobs", topLogprobs);
        return body;
    }

    static JsonNode ok(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String answerPrompt(int q) {
        return Prompts.answer(EngineStatisticsTest.question(q), LABELS, EngineStatisticsTest.texts(q));
    }

    static double icOf(JsonNode completion) {
        List<Algorithm1.Entry> e = new ArrayList<>();
        for (JsonNode t : completion.at("/choices/0/logprobs/content/0/top_logprobs")) {
            e.add(new Algorithm1.Entry(t.get("token").asText(), t.get("logprob").asDouble()));
        }
        return Algorithm1.ic(e, LABELS);
    }

    @Test
    void modelsEndpointListsTheSimulatorAsASimulator() throws Exception {
        JsonNode body = ok(get(sim, "/v1/models"));
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.at("/data/0/id").asText()).isEqualTo("cpa-simulator");
        assertThat(body.at("/data/0/owned_by").asText()).contains("simulat").contains("not a real LLM");
    }

    @Test
    void answerReplyHasOpenAiShapeAndHonoursTopLogprobs() throws Exception {
        JsonNode r = ok(post(sim, "/v1/chat/completions", chat(answerPrompt(1), true, 3)));
        assertThat(r.get("object").asText()).isEqualTo("chat.completion");
        assertThat(r.get("model").asText()).isEqualTo("cpa-simulator");
        String content = r.at("/choices/0/message/content").asText();
        assertThat(LABELS).contains(content);
        JsonNode token = r.at("/choices/0/logprobs/content/0");
        assertThat(token.get("token").asText()).isEqualTo(content);
        assertThat(token.get("bytes").get(0).asInt()).isEqualTo(content.charAt(0));
        assertThat(token.get("top_logprobs")).hasSize(3);
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(r.at("/usage/total_tokens").asInt()).isEqualTo(r.at("/usage/prompt_tokens").asInt() + 1);

        assertThat(ok(post(sim, "/v1/chat/completions", chat(answerPrompt(2), true, null)))
                .at("/choices/0/logprobs/content/0/top_logprobs")).hasSize(5);
        assertThat(ok(post(sim, "/v1/chat/completions", chat(answerPrompt(3), true, 20)))
                .at("/choices/0/logprobs/content/0/top_logprobs")).hasSize(20);
        assertThat(ok(post(sim, "/v1/chat/completions", chat(answerPrompt(4), false, null)))
                .at("/choices/0/logprobs").isNull()).isTrue();
        HttpResponse<String> tooMany = post(sim, "/v1/chat/completions", chat(answerPrompt(5), true, 21));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).at("/error/message").asText()).contains("top_logprobs");
    }

    @Test
    void otherPromptsGetAFreeFormCompletionWithTokenLogprobs() throws Exception {
        JsonNode r = ok(post(sim, "/v1/chat/completions", chat("Tell me a joke.", true, 2)));
        assertThat(r.at("/choices/0/message/content").asText()).hasSizeGreaterThan(20);
        assertThat(r.get("system_fingerprint").asText()).isEqualTo("cpa-model-simulator");
        JsonNode tokens = r.at("/choices/0/logprobs/content");
        StringBuilder joined = new StringBuilder();
        for (JsonNode t : tokens) {
            joined.append(t.get("token").asText());
            assertThat(t.get("top_logprobs")).hasSize(2);
            assertThat(t.at("/top_logprobs/0/token").asText()).isEqualTo(t.get("token").asText());
        }
        assertThat(joined.toString()).isEqualTo(r.at("/choices/0/message/content").asText());
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(tokens.size());
    }

    @Test
    void badRequestsGetOpenAiErrors() throws Exception {
        HttpResponse<String> r = post(sim, "/v1/chat/completions", JSON.createObjectNode().put("model", "x"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("messages");
        assertThat(get(sim, "/v1/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void roundTripSpearmanThroughHttpIsNearTheConfiguredRho() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0", "seed", "8", "rho", "0.42")))) {
            int n = 600;
            double[] ic = new double[n], vc = new double[n];
            for (int i = 0; i < n; i++) {
                int q = 10_000 + i;
                JsonNode a = ok(post(s, "/v1/chat/completions", chat(answerPrompt(q), true, 5)));
                ic[i] = icOf(a);
                String answer = a.at("/choices/0/message/content").asText();
                JsonNode c = ok(post(s, "/v1/chat/completions", chat(Prompts.certainty("cqp",
                        EngineStatisticsTest.question(q), Prompts.options(LABELS, EngineStatisticsTest.texts(q)), answer), null, null)));
                OptionalDouble v = TinyCertaintyParser.value(c.at("/choices/0/message/content").asText(), false);
                assertThat(v).isPresent();
                vc[i] = v.getAsDouble();
            }
            // n = 600: the standard error of rho is about 0.035; the exact statistics are tested in-process
            assertThat(MidRankSpearman.rho(ic, vc)).isCloseTo(0.42, within(0.12));
            JsonNode stats = ok(get(s, "/sim/stats"));
            assertThat(stats.get("answers").asLong()).isEqualTo(n);
            assertThat(stats.at("/certaintyByVariant/cqp").asLong()).isEqualTo(n);
            assertThat(stats.get("certaintyFallbacks").asLong()).isZero();
        }
    }

    @Test
    void sameSeedGivesTheSameRepliesOverHttp() throws Exception {
        assertThat(replies(31)).isEqualTo(replies(31)).isNotEqualTo(replies(32));
    }

    private static List<String> replies(long seed) throws Exception {
        List<String> out = new ArrayList<>();
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0", "seed", Long.toString(seed))))) {
            for (int i = 0; i < 30; i++) {
                JsonNode a = ok(post(s, "/v1/chat/completions", chat(answerPrompt(i % 4), true, 5)));
                out.add(a.get("choices").toString());
                JsonNode c = ok(post(s, "/v1/chat/completions", chat(Prompts.certainty("numeric",
                        EngineStatisticsTest.question(i % 4), "", a.at("/choices/0/message/content").asText()), null, null)));
                out.add(c.get("choices").toString());
            }
        }
        return out;
    }

    @Test
    void truthEndpointGivesTheRhoOfEachScaleAtACertaintyTemperature() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0")))) {
            JsonNode calibrated = ok(get(s, "/sim/truth"));
            assertThat(calibrated.path("temperature").asDouble()).isEqualTo(0.2);
            // at the calibration temperature the truth is the configured rho, up to the truth sample's own error
            assertThat(calibrated.path("sixLevel").asDouble()).isCloseTo(0.42, within(0.01));
            assertThat(calibrated.path("numeric").asDouble()).isCloseTo(0.42, within(0.01));
            JsonNode hot = ok(get(s, "/sim/truth?temperature=1.0"));
            // sampling the level at T = 1 adds noise: the six-level truth falls clearly below the configured rho
            assertThat(hot.path("sixLevel").asDouble()).isLessThan(calibrated.path("sixLevel").asDouble() - 0.015);
            assertThat(get(s, "/sim/truth?temperature=hot").statusCode()).isEqualTo(400);
            assertThat(get(s, "/sim/truth?temperature=2.5").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void configEndpointShowsCalibrationAndAcceptsRuntimeChanges() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0")))) {
            JsonNode cfg = ok(get(s, "/sim/config"));
            assertThat(cfg.at("/config/rho").asDouble()).isEqualTo(0.42);
            assertThat(cfg.at("/latentR/sixLevel").asDouble()).isBetween(0.3, 0.7);
            assertThat(cfg.at("/expectedAccuracy").asDouble()).isCloseTo(0.7, within(1e-6));
            assertThat(cfg.at("/expectedEce").asDouble()).isPositive();
            JsonNode changed = ok(post(s, "/sim/config", JSON.createObjectNode().put("rho", -0.2).put("latencyMs", 1)));
            assertThat(changed.at("/config/rho").asDouble()).isEqualTo(-0.2);
            assertThat(changed.at("/calibratedRho/numeric").asDouble()).isCloseTo(-0.2, within(1e-3));
            HttpResponse<String> bad = post(s, "/sim/config", JSON.createObjectNode().put("port", 1));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("port");
            HttpResponse<String> unknown = post(s, "/sim/config", JSON.createObjectNode().put("rhoo", 1));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(ok(get(s, "/sim/config")).at("/config/latencyMs").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void injectedFaultsCanBeSwitchedAtRunTime() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0")))) {
            ok(post(s, "/sim/config", JSON.createObjectNode().put("errorRate500", 1.0)));
            assertThat(post(s, "/v1/chat/completions", chat(answerPrompt(1), true, 5)).statusCode()).isEqualTo(500);

            ok(post(s, "/sim/config", JSON.createObjectNode().put("errorRate500", 0).put("errorRate429", 1.0).put("retryAfterSeconds", 7)));
            HttpResponse<String> limited = post(s, "/v1/chat/completions", chat(answerPrompt(1), true, 5));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("7");

            ok(post(s, "/sim/config", JSON.createObjectNode().put("errorRate429", 0).put("garbageRate", 1.0)));
            HttpResponse<String> garbage = post(s, "/v1/chat/completions", chat(answerPrompt(1), true, 5));
            assertThat(garbage.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> JSON.readTree(garbage.body())).isInstanceOf(IOException.class);

            ok(post(s, "/sim/config", JSON.createObjectNode().put("garbageRate", 0).put("timeoutRate", 1.0).put("timeoutMs", 100)));
            assertThatThrownBy(() -> post(s, "/v1/chat/completions", chat(answerPrompt(1), true, 5))).isInstanceOf(IOException.class);

            ok(post(s, "/sim/config", JSON.createObjectNode().put("timeoutRate", 0).put("latencyMs", 5).put("latencyP99Ms", 20)));
            ok(post(s, "/v1/chat/completions", chat(answerPrompt(1), true, 5)));

            JsonNode faults = ok(get(s, "/sim/stats")).get("faultsInjected");
            assertThat(faults.get("error500").asLong()).isEqualTo(1);
            assertThat(faults.get("error429").asLong()).isEqualTo(1);
            assertThat(faults.get("garbage").asLong()).isEqualTo(1);
            assertThat(faults.get("timeout").asLong()).isEqualTo(1);
            assertThat(ok(get(s, "/sim/stats")).get("answers").asLong()).as("faulted requests draw no answer").isEqualTo(1);
        }
    }

    @Test
    void streamingSendsChunksWithPerChunkLogprobsThenDone() throws Exception {
        ObjectNode body = chat(Prompts.certainty("cqp", "What is it?", "A. x, B. y", "A"), true, 3);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> r = post(sim, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
        List<String> events = new ArrayList<>();
        for (String block : r.body().split("\n\n")) {
            if (!block.isBlank()) events.add(block.substring("data: ".length()));
        }
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder content = new StringBuilder();
        int tokens = 0;
        String finish = null;
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(e);
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            if (chunk.get("choices").isEmpty()) {
                assertThat(chunk.at("/usage/completion_tokens").asInt()).isEqualTo(tokens);
                continue;
            }
            JsonNode choice = chunk.at("/choices/0");
            String delta = choice.at("/delta/content").asText("");
            if (!delta.isEmpty()) {
                tokens++;
                assertThat(choice.at("/logprobs/content/0/token").asText()).isEqualTo(delta);
                assertThat(choice.at("/logprobs/content/0/top_logprobs")).hasSize(3);
            }
            content.append(delta);
            if (!choice.get("finish_reason").isNull()) finish = choice.get("finish_reason").asText();
        }
        assertThat(finish).isEqualTo("stop");
        assertThat(TinyCertaintyParser.level(content.toString())).isBetween(0, 5);
    }

    /** The first token of a certainty reply asked with logprobs is its level, with every level's token in top-k. */
    @Test
    void certaintyCallWithLogprobsReturnsTheLevelBeliefInOpenAiShape() throws Exception {
        for (int q = 300; q < 320; q++) {
            String label = ok(post(sim, "/v1/chat/completions", chat(answerPrompt(q), true, 5))).at("/choices/0/message/content").asText();
            ObjectNode body = chat(Prompts.certainty("cqp", EngineStatisticsTest.question(q),
                    Prompts.options(LABELS, EngineStatisticsTest.texts(q)), label), true, 20);
            JsonNode r = ok(post(sim, "/v1/chat/completions", body));
            String content = r.at("/choices/0/message/content").asText();
            int level = TinyCertaintyParser.level(content);
            assertThat(level).as(content).isBetween(0, 5);
            JsonNode logprobs = r.at("/choices/0/logprobs");
            assertThat(logprobs.get("refusal").isNull()).isTrue();
            JsonNode tokens = logprobs.get("content");
            StringBuilder joined = new StringBuilder();
            for (JsonNode t : tokens) {
                assertThat(t.fieldNames()).toIterable().containsExactlyInAnyOrder("token", "bytes", "logprob", "top_logprobs");
                assertThat(t.get("logprob").asDouble()).isLessThanOrEqualTo(0.0);
                assertBytes(t);
                assertThat(t.get("top_logprobs")).hasSize(20);
                for (JsonNode a : t.get("top_logprobs")) {
                    assertThat(a.fieldNames()).toIterable().containsExactlyInAnyOrder("token", "bytes", "logprob");
                    assertBytes(a);
                }
                joined.append(t.get("token").asText());
            }
            assertThat(joined.toString()).isEqualTo(content);
            assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(tokens.size());
            JsonNode first = tokens.get(0);
            assertThat(first.get("token").asText()).isIn(CertaintyTokens.LETTERS.get(level), CertaintyTokens.PHRASE_HEADS.get(level));
            List<String> top = new ArrayList<>();
            for (JsonNode a : first.get("top_logprobs")) top.add(a.get("token").asText());
            // the most probable first token is a level's (the belief's mode holds at least a sixth of the covered
            // mass), the sampled one is among the top-k; levels far from the belief may fall below the filler tokens
            List<String> names = CertaintyTokens.LETTERS.contains(first.get("token").asText())
                    ? CertaintyTokens.LETTERS : CertaintyTokens.PHRASE_HEADS;
            assertThat(names).contains(top.get(0));
            assertThat(top).contains(first.get("token").asText());
            assertThat(top.stream().filter(names::contains).count()).isGreaterThanOrEqualTo(2);
        }
        // the Responses API serves certainty calls too, with the same first token
        ObjectNode body = MixedRepliesHttpTest.responsesBody(Prompts.certainty("lsu", EngineStatisticsTest.question(400), "", "B"), true, 10);
        body.put("temperature", 0.2);
        JsonNode r = ok(post(sim, "/v1/responses", body));
        JsonNode part = r.at("/output/0/content/0");
        int level = TinyCertaintyParser.level(part.get("text").asText());
        assertThat(part.at("/logprobs/0/token").asText()).isIn(CertaintyTokens.LETTERS.get(level), CertaintyTokens.PHRASE_HEADS.get(level));
        assertThat(part.at("/logprobs/0/top_logprobs")).hasSize(10);
        assertThat(r.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void temperatureOutsideZeroToTwoIsABadRequest() throws Exception {
        ObjectNode body = chat(answerPrompt(1), true, 5);
        body.put("temperature", 2.5);
        HttpResponse<String> r = post(sim, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("temperature");
    }

    static void assertBytes(JsonNode token) {
        byte[] utf8 = token.get("token").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(token.get("bytes")).hasSize(utf8.length);
        for (int i = 0; i < utf8.length; i++) assertThat(token.get("bytes").get(i).asInt()).isEqualTo(utf8[i] & 0xff);
    }

    @Test
    void driftStepChangesTheTrueRhoAndAccuracyAfterItsAnswerCount() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0",
                "drift", "afterAnswers:20:rho=-0.5,accuracy=0.4")))) {
            for (int i = 0; i < 20; i++) ok(post(s, "/v1/chat/completions", chat(answerPrompt(i), true, 5)));
            assertThat(ok(get(s, "/sim/config")).at("/config/rho").asDouble()).isEqualTo(0.42);
            ok(post(s, "/v1/chat/completions", chat(answerPrompt(99), true, 5)));
            JsonNode cfg = ok(get(s, "/sim/config"));
            assertThat(cfg.at("/config/rho").asDouble()).isEqualTo(-0.5);
            assertThat(cfg.at("/config/accuracy").asDouble()).isEqualTo(0.4);
            assertThat(cfg.at("/calibratedRho/sixLevel").asDouble()).isCloseTo(-0.5, within(1e-3));
            assertThat(cfg.at("/expectedAccuracy").asDouble()).isCloseTo(0.4, within(1e-6));
            assertThat(ok(get(s, "/sim/stats")).get("driftStepsApplied").asLong()).isEqualTo(1);
        }
    }

    @Test
    void manySlowRequestsAreServedConcurrently() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000",
                "port", "0", "latencyMs", "300")))) {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                pending.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(chat(answerPrompt(i), true, 5))))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var f : pending) assertThat(f.get().statusCode()).isEqualTo(200);
            assertThat(ok(get(s, "/sim/stats")).get("answers").asLong()).isEqualTo(128);
        }
    }
}

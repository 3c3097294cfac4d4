package io.cpa.simulator;

import static io.cpa.simulator.ModelSimulatorHttpTest.JSON;
import static io.cpa.simulator.ModelSimulatorHttpTest.chat;
import static io.cpa.simulator.ModelSimulatorHttpTest.get;
import static io.cpa.simulator.ModelSimulatorHttpTest.ok;
import static io.cpa.simulator.ModelSimulatorHttpTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Free-form answers, tool calls, refusals, filtered and cut replies, n > 1, and the Responses API, over real HTTP. */
class MixedRepliesHttpTest {

    static ModelSimulator sim;

    @BeforeAll
    static void start() {
        sim = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0", "seed", "11")));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static ObjectNode withTools(ObjectNode body, Object toolChoice) {
        ObjectNode fn = body.putArray("tools").addObject().put("type", "function").putObject("function");
        fn.put("name", "get_weather");
        ObjectNode params = fn.putObject("parameters").put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        params.with("properties").putObject("days").put("type", "integer");
        params.putArray("required").add("city").add("days");
        if (toolChoice instanceof String s) body.put("tool_choice", s);
        else if (toolChoice instanceof JsonNode n) body.set("tool_choice", n);
        return body;
    }

    static List<JsonNode> sse(String body) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String data = null, event = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) data = line.substring(6);
                if (line.startsWith("event: ")) event = line.substring(7);
            }
            if (data == null || data.equals("[DONE]")) continue;
            JsonNode node = JSON.readTree(data);
            if (event != null) assertThat(node.get("type").asText()).isEqualTo(event);
            events.add(node);
        }
        return events;
    }

    static double meanLogprobIc(JsonNode tokens) {
        double sum = 0;
        for (JsonNode t : tokens) sum += t.get("logprob").asDouble();
        return Math.exp(sum / tokens.size());
    }

    @Test
    void freeFormAnswerPairsWithACertaintyPromptWithoutOptions() throws Exception {
        String question = "Why is the sky blue? Explain briefly.";
        JsonNode a = ok(post(sim, "/v1/chat/completions", chat(question, true, 3)));
        String answer = a.at("/choices/0/message/content").asText();
        JsonNode tokens = a.at("/choices/0/logprobs/content");
        assertThat(tokens.size()).isGreaterThan(5);
        assertThat(a.at("/choices/0/message/refusal").isNull()).isTrue();
        double ic = meanLogprobIc(tokens);
        JsonNode c = ok(post(sim, "/v1/chat/completions", chat(Prompts.certainty("ttp-lsu", question, "",
                FreeFormStatisticsTest.cut(answer, 25)), null, null)));
        String reply = c.at("/choices/0/message/content").asText();
        assertThat(TinyCertaintyParser.level(reply)).isBetween(0, 5);
        JsonNode stats = ok(get(sim, "/sim/stats"));
        assertThat(stats.get("freeFormAnswers").asLong()).isPositive();
        assertThat(stats.get("certaintyFallbacks").asLong()).isZero();
        assertThat(ic).isBetween(0.5, 1.0);
    }

    @Test
    void toolChoiceDecidesWhetherTheReplyCallsATool() throws Exception {
        JsonNode r = ok(post(sim, "/v1/chat/completions", withTools(chat("What is the weather in Paris?", true, 2), "required")));
        JsonNode choice = r.at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("id").asText()).startsWith("call_");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        JsonNode args = JSON.readTree(call.at("/function/arguments").asText());
        assertThat(args.get("city").isTextual()).isTrue();
        assertThat(args.get("days").isInt()).isTrue();

        ObjectNode named = JSON.createObjectNode().put("type", "function");
        named.putObject("function").put("name", "get_weather");
        assertThat(ok(post(sim, "/v1/chat/completions", withTools(chat("Weather?", null, null), named)))
                .at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode none = ok(post(sim, "/v1/chat/completions", withTools(chat("Weather?", null, null), "none")));
        assertThat(none.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(none.at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(none.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();

        ObjectNode unknown = JSON.createObjectNode().put("type", "function");
        unknown.putObject("function").put("name", "nope");
        HttpResponse<String> bad = post(sim, "/v1/chat/completions", withTools(chat("Weather?", null, null), unknown));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("tool_choice");
    }

    @Test
    void autoToolChoiceCallsAToolAtTheConfiguredRate() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0",
                "toolCallRate", "0.3")))) {
            int calls = 0, n = 400;
            for (int i = 0; i < n; i++) {
                JsonNode r = ok(post(s, "/v1/chat/completions", withTools(chat("Weather number " + i + "?", null, null), null)));
                if (r.at("/choices/0/finish_reason").asText().equals("tool_calls")) calls++;
            }
            // binomial(400, 0.3): sd 0.023
            assertThat(calls / (double) n).isCloseTo(0.3, within(0.08));
            assertThat(ok(get(s, "/sim/stats")).get("toolCallReplies").asLong()).isEqualTo(calls);
        }
    }

    @Test
    void refusalFilterLengthAndSeveralChoices() throws Exception {
        JsonNode refused = ok(post(sim, "/v1/chat/completions", chat("Tell me something dangerous #refuse", true, 2)));
        JsonNode rc = refused.at("/choices/0");
        assertThat(rc.at("/message/content").isNull()).isTrue();
        assertThat(rc.at("/message/refusal").asText()).containsIgnoringCase("can't");
        assertThat(rc.at("/logprobs/content").isNull()).isTrue();
        StringBuilder joined = new StringBuilder();
        for (JsonNode t : rc.at("/logprobs/refusal")) joined.append(t.get("token").asText());
        assertThat(joined.toString()).isEqualTo(rc.at("/message/refusal").asText());
        assertThat(rc.get("finish_reason").asText()).isEqualTo("stop");

        JsonNode filtered = ok(post(sim, "/v1/chat/completions", chat("Something #filter", null, null)));
        assertThat(filtered.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(filtered.at("/choices/0/message/content").asText()).isEmpty();

        ObjectNode shortBody = chat("Explain the tides.", true, 1).put("max_tokens", 3);
        JsonNode cut = ok(post(sim, "/v1/chat/completions", shortBody));
        assertThat(cut.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(cut.at("/choices/0/logprobs/content")).hasSize(3);
        assertThat(cut.at("/usage/completion_tokens").asInt()).isEqualTo(3);

        JsonNode two = ok(post(sim, "/v1/chat/completions", chat("Explain the tides.", true, 2).put("n", 2)));
        assertThat(two.get("choices")).hasSize(2);
        assertThat(two.at("/choices/0/index").asInt()).isZero();
        assertThat(two.at("/choices/1/index").asInt()).isEqualTo(1);
        assertThat(two.at("/choices/0/logprobs/content").toString()).isNotEqualTo(two.at("/choices/1/logprobs/content").toString());
        assertThat(post(sim, "/v1/chat/completions", chat("x", null, null).put("n", 0)).body()).contains("'n'");
    }

    @Test
    void streamingCarriesToolCallDeltasRefusalsAndEveryChoice() throws Exception {
        HttpResponse<String> tool = post(sim, "/v1/chat/completions", withTools(chat("Weather in Rome?", null, null), "required").put("stream", true));
        List<JsonNode> chunks = sse(tool.body());
        assertThat(chunks.get(0).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        StringBuilder args = new StringBuilder();
        String finish = null;
        for (JsonNode c : chunks) {
            args.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""));
            if (c.at("/choices/0/finish_reason").isTextual()) finish = c.at("/choices/0/finish_reason").asText();
        }
        assertThat(JSON.readTree(args.toString()).has("city")).isTrue();
        assertThat(finish).isEqualTo("tool_calls");

        List<JsonNode> refusal = sse(post(sim, "/v1/chat/completions", chat("#refuse this", true, 2).put("stream", true)).body());
        StringBuilder text = new StringBuilder();
        for (JsonNode c : refusal) {
            String piece = c.at("/choices/0/delta/refusal").asText("");
            text.append(piece);
            if (!piece.isEmpty()) assertThat(c.at("/choices/0/logprobs/refusal/0/token").asText()).isEqualTo(piece);
        }
        assertThat(text.toString()).containsIgnoringCase("sorry");

        List<JsonNode> multi = sse(post(sim, "/v1/chat/completions", chat("Explain the tides.", null, null).put("n", 2)
                .put("stream", true)).body());
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        int finishes = 0;
        for (JsonNode c : multi) {
            int index = c.at("/choices/0/index").asInt();
            texts[index].append(c.at("/choices/0/delta/content").asText(""));
            if (c.at("/choices/0/finish_reason").isTextual()) finishes++;
        }
        assertThat(finishes).isEqualTo(2);
        assertThat(texts[0].length()).isPositive();
        assertThat(texts[1].length()).isPositive();
    }

    static ObjectNode responsesBody(Object input, boolean logprobs, int top) {
        ObjectNode body = JSON.createObjectNode().put("model", "cpa-sim-a");
        if (input instanceof String s) body.put("input", s);
        else body.set("input", (JsonNode) input);
        body.put("instructions", "You are terse.");
        if (logprobs) {
            body.putArray("include").add("message.output_text.logprobs");
            body.put("top_logprobs", top);
        }
        return body;
    }

    @Test
    void responsesApiAnswersAnswerAndCertaintyPromptsWithLogprobs() throws Exception {
        int q = 4242;
        String prompt = Prompts.answer(EngineStatisticsTest.question(q), EngineStatisticsTest.LABELS, EngineStatisticsTest.texts(q));
        ArrayNode input = JSON.createArrayNode();
        input.addObject().put("role", "system").put("content", "Answer with a letter.");
        input.addObject().put("role", "user").putArray("content").addObject().put("type", "input_text").put("text", prompt);
        JsonNode r = ok(post(sim, "/v1/responses", responsesBody(input, true, 5)));
        assertThat(r.get("object").asText()).isEqualTo("response");
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.get("instructions").asText()).isEqualTo("You are terse.");
        JsonNode item = r.at("/output/0");
        assertThat(item.get("type").asText()).isEqualTo("message");
        assertThat(item.get("role").asText()).isEqualTo("assistant");
        JsonNode part = item.at("/content/0");
        assertThat(part.get("type").asText()).isEqualTo("output_text");
        assertThat(part.get("annotations")).isEmpty();
        String label = part.get("text").asText();
        assertThat(EngineStatisticsTest.LABELS).contains(label);
        JsonNode top = part.at("/logprobs/0/top_logprobs");
        assertThat(top).hasSize(5);
        assertThat(part.at("/logprobs/0/bytes/0").asInt()).isEqualTo(label.charAt(0));
        List<Algorithm1.Entry> entries = new ArrayList<>();
        for (JsonNode t : top) entries.add(new Algorithm1.Entry(t.get("token").asText(), t.get("logprob").asDouble()));
        assertThat(Algorithm1.ic(entries, EngineStatisticsTest.LABELS)).isBetween(0.5, 1.0);
        assertThat(r.at("/usage/total_tokens").asInt()).isEqualTo(r.at("/usage/input_tokens").asInt() + r.at("/usage/output_tokens").asInt());

        JsonNode plain = ok(post(sim, "/v1/responses", responsesBody("Hello there", false, 0)));
        assertThat(plain.at("/output/0/content/0/logprobs")).isEmpty();

        JsonNode c = ok(post(sim, "/v1/responses", responsesBody(Prompts.certainty("numeric", EngineStatisticsTest.question(q), "", label), false, 0)));
        OptionalDouble v = TinyCertaintyParser.value(c.at("/output/0/content/0/text").asText(), true);
        assertThat(v).isPresent();
        assertThat(ok(get(sim, "/sim/stats")).at("/responsesRequests/plain").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void responsesApiStreamsEventsInOpenAiOrderWithLogprobs() throws Exception {
        HttpResponse<String> r = post(sim, "/v1/responses", responsesBody("Why do cats purr?", true, 2).put("stream", true));
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
        List<JsonNode> events = sse(r.body());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("sequence_number").asInt()).isEqualTo(i);
            types.add(events.get(i).get("type").asText());
        }
        assertThat(types.subList(0, 4)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added");
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        StringBuilder text = new StringBuilder();
        double sum = 0;
        int n = 0;
        for (JsonNode e : events) {
            if (!e.get("type").asText().equals("response.output_text.delta")) continue;
            assertThat(e.get("item_id").asText()).isEqualTo(events.get(2).at("/item/id").asText());
            assertThat(e.get("output_index").asInt()).isZero();
            assertThat(e.get("content_index").asInt()).isZero();
            text.append(e.get("delta").asText());
            JsonNode lp = e.at("/logprobs/0");
            assertThat(lp.has("bytes")).isFalse();
            assertThat(lp.get("top_logprobs")).hasSize(2);
            sum += lp.get("logprob").asDouble();
            n++;
        }
        JsonNode completed = events.get(events.size() - 1).get("response");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo(text.toString());
        assertThat(Math.exp(sum / n)).isCloseTo(meanLogprobIc(completed.at("/output/0/content/0/logprobs")), within(1e-12));
    }

    @Test
    void responsesApiCallsToolsAndRefuses() throws Exception {
        ObjectNode body = responsesBody("Weather in Oslo?", false, 0);
        ObjectNode tool = body.putArray("tools").addObject().put("type", "function").put("name", "get_weather");
        tool.putObject("parameters").put("type", "object").putObject("properties").putObject("city").put("type", "string");
        body.put("tool_choice", "required");
        JsonNode r = ok(post(sim, "/v1/responses", body));
        JsonNode item = r.at("/output/0");
        assertThat(item.get("type").asText()).isEqualTo("function_call");
        assertThat(item.get("call_id").asText()).startsWith("call_");
        assertThat(item.get("name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(item.get("arguments").asText()).has("city")).isTrue();

        List<JsonNode> events = sse(post(sim, "/v1/responses", body.put("stream", true)).body());
        StringBuilder args = new StringBuilder();
        for (JsonNode e : events) {
            if (e.get("type").asText().equals("response.function_call_arguments.delta")) args.append(e.get("delta").asText());
        }
        assertThat(JSON.readTree(args.toString()).has("city")).isTrue();

        JsonNode refused = ok(post(sim, "/v1/responses", responsesBody("Do it #refuse", true, 2)));
        assertThat(refused.at("/output/0/content/0/type").asText()).isEqualTo("refusal");
        assertThat(refused.at("/output/0/content/0/refusal").asText()).containsIgnoringCase("sorry");

        HttpResponse<String> bad = post(sim, "/v1/responses", JSON.createObjectNode().put("model", "m"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("input");
    }

    @Test
    void statsCountCertaintyAndAnswerCallsPerRequestedModel() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0")))) {
            ObjectNode a = chat("Question for model a", null, null).put("model", "cpa-sim-a");
            ok(post(s, "/v1/chat/completions", a));
            ok(post(s, "/v1/chat/completions", chat(Prompts.certainty("lsu", "Question for model a", "", "x"), null, null)
                    .put("model", "cpa-sim-b")));
            ok(post(s, "/v1/responses", responsesBody("Question for b", false, 0).put("model", "cpa-sim-b")));
            JsonNode stats = ok(get(s, "/sim/stats"));
            assertThat(stats.at("/byRequestedModel/cpa-sim-a/answerCalls").asLong()).isEqualTo(1);
            assertThat(stats.at("/byRequestedModel/cpa-sim-a/certaintyCalls").asLong()).isZero();
            assertThat(stats.at("/byRequestedModel/cpa-sim-b/certaintyCalls").asLong()).isEqualTo(1);
            assertThat(stats.at("/byRequestedModel/cpa-sim-b/answerCalls").asLong()).isEqualTo(1);
            assertThat(stats.at("/responsesRequests/plain").asLong()).isEqualTo(1);
            assertThat(stats.get("freeFormAnswers").asLong()).isEqualTo(2);
        }
    }

    @Test
    void freeFormRhoThroughHttpWithTheCertaintyAskedThroughTheResponsesApi() throws Exception {
        try (ModelSimulator s = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0", "seed", "21", "rho", "0.42")))) {
            int n = 500;
            double[] ic = new double[n], vc = new double[n];
            for (int i = 0; i < n; i++) {
                String question = "Explain item " + i + " of the list in a few sentences.";
                JsonNode a = ok(post(s, "/v1/chat/completions", chat(question, true, 2)));
                ic[i] = meanLogprobIc(a.at("/choices/0/logprobs/content"));
                String quote = FreeFormStatisticsTest.cut(a.at("/choices/0/message/content").asText(), 50);
                JsonNode c = ok(post(s, "/v1/responses", responsesBody(Prompts.certainty("numeric", question, "", quote), false, 0)));
                OptionalDouble v = TinyCertaintyParser.value(c.at("/output/0/content/0/text").asText(), true);
                assertThat(v).isPresent();
                vc[i] = v.getAsDouble();
            }
            // n = 500: the standard error of rho is about 0.04; the exact statistics are tested in-process
            assertThat(MidRankSpearman.rho(ic, vc)).isCloseTo(0.42, within(0.12));
            JsonNode stats = ok(get(s, "/sim/stats"));
            assertThat(stats.get("freeFormAnswers").asLong()).isEqualTo(n);
            assertThat(stats.at("/certaintyByVariant/numeric").asLong()).isEqualTo(n);
            assertThat(stats.get("certaintyFallbacks").asLong()).isZero();
        }
    }
}

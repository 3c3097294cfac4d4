package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ToolChoiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK reads every kind of simulator reply: {@code validate()} checks each object against the
 * SDK's types (required fields present, each of its type), so a client built on it works against the simulator.
 */
class OpenAiSdkCompatibilityTest {

    static ModelSimulator sim;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        sim = ModelSimulator.start(SimulatorConfig.fromValues(Map.of("calibrationSamples", "20000", "port", "0", "seed", "3")));
        client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-simulator").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    static String answerPrompt() {
        return Prompts.answer(EngineStatisticsTest.question(7), EngineStatisticsTest.LABELS, EngineStatisticsTest.texts(7));
    }

    static FunctionParameters weatherParameters() {
        return FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build();
    }

    @Test
    void chatCompletionsPlainWithLogprobsToolCallsRefusalsAndChoices() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addSystemMessage("Answer with a letter.").addUserMessage(answerPrompt()).logprobs(true).topLogprobs(5).build());
        answer.validate();
        ChatCompletion.Choice choice = answer.choices().get(0);
        assertThat(EngineStatisticsTest.LABELS).contains(choice.message().content().orElseThrow());
        assertThat(choice.logprobs().orElseThrow().content().orElseThrow().get(0).topLogprobs()).hasSize(5);

        ChatCompletion tool = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                        .parameters(weatherParameters()).build()).build())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build());
        tool.validate();
        assertThat(tool.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(tool.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function().name()).isEqualTo("get_weather");

        ChatCompletion refused = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addUserMessage("No way #refuse").logprobs(true).topLogprobs(2).build());
        refused.validate();
        assertThat(refused.choices().get(0).message().refusal()).isPresent();
        assertThat(refused.choices().get(0).message().content()).isEmpty();
        assertThat(refused.choices().get(0).logprobs().orElseThrow().refusal().orElseThrow()).isNotEmpty();

        ChatCompletion two = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addUserMessage("Explain tides.").n(2).maxCompletionTokens(4).build());
        two.validate();
        assertThat(two.choices()).hasSize(2);
        assertThat(two.choices().get(1).index()).isEqualTo(1);
        assertThat(two.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    }

    @Test
    void certaintyCallsWithLogprobsValidateOnChatAndResponses() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addUserMessage(answerPrompt()).logprobs(true).topLogprobs(5).temperature(0.2).build());
        String label = answer.choices().get(0).message().content().orElseThrow();
        String prompt = Prompts.certainty("cqp", EngineStatisticsTest.question(7),
                Prompts.options(EngineStatisticsTest.LABELS, EngineStatisticsTest.texts(7)), label);
        ChatCompletion certainty = client.chat().completions().create(ChatCompletionCreateParams.builder().model("cpa-sim-a")
                .addUserMessage(prompt).logprobs(true).topLogprobs(20).temperature(0.2).build());
        certainty.validate();
        ChatCompletion.Choice choice = certainty.choices().get(0);
        int level = TinyCertaintyParser.level(choice.message().content().orElseThrow());
        var first = choice.logprobs().orElseThrow().content().orElseThrow().get(0);
        assertThat(first.token()).isIn(CertaintyTokens.LETTERS.get(level), CertaintyTokens.PHRASE_HEADS.get(level));
        assertThat(first.bytes()).isPresent();
        assertThat(first.topLogprobs()).hasSize(20);
        assertThat(first.topLogprobs().get(0).bytes()).isPresent();

        Response r = client.responses().create(ResponseCreateParams.builder().model("cpa-sim-b")
                .input(Prompts.certainty("lsu", EngineStatisticsTest.question(8), "", "C"))
                .addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS).topLogprobs(20).temperature(1.0).build());
        r.validate();
        ResponseOutputText text = r.output().get(0).asMessage().content().get(0).asOutputText();
        int rLevel = TinyCertaintyParser.level(text.text());
        assertThat(text.logprobs().orElseThrow().get(0).token())
                .isIn(CertaintyTokens.LETTERS.get(rLevel), CertaintyTokens.PHRASE_HEADS.get(rLevel));
        assertThat(text.logprobs().orElseThrow().get(0).topLogprobs()).hasSize(20);
    }

    @Test
    void chatCompletionsStreaming() {
        StringBuilder text = new StringBuilder();
        int logprobTokens = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("cpa-sim-a").addUserMessage("Why is the sea salty?")
                        .logprobs(true).topLogprobs(2).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunk.validate();
                for (ChatCompletionChunk.Choice c : chunk.choices()) {
                    c.delta().content().ifPresent(text::append);
                    if (c.logprobs().isPresent() && c.logprobs().get().content().isPresent()) {
                        logprobTokens += c.logprobs().get().content().get().size();
                    }
                }
            }
        }
        assertThat(text.length()).isPositive();
        assertThat(logprobTokens).isPositive();

        StringBuilder args = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("cpa-sim-a").addUserMessage("Weather in Rome?")
                        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                                .parameters(weatherParameters()).build()).build())
                        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunk.validate();
                for (ChatCompletionChunk.Choice c : chunk.choices()) {
                    c.delta().toolCalls().ifPresent(calls -> calls.forEach(t -> t.function()
                            .flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).ifPresent(args::append)));
                }
            }
        }
        assertThat(args.toString()).startsWith("{").contains("city");
    }

    @Test
    void responsesPlainWithLogprobsAndAFunctionCall() {
        Response r = client.responses().create(ResponseCreateParams.builder().model("cpa-sim-b").instructions("Be brief.")
                .input(answerPrompt()).addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS).topLogprobs(4).build());
        r.validate();
        ResponseOutputText text = r.output().get(0).asMessage().content().get(0).asOutputText();
        assertThat(EngineStatisticsTest.LABELS).contains(text.text());
        assertThat(text.logprobs().orElseThrow().get(0).topLogprobs()).hasSize(4);

        Response call = client.responses().create(ResponseCreateParams.builder().model("cpa-sim-b").input("Weather in Oslo?")
                .addTool(FunctionTool.builder().name("get_weather").strict(false)
                        .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                        .build())
                .toolChoice(ToolChoiceOptions.REQUIRED).build());
        call.validate();
        assertThat(call.output().get(0).asFunctionCall().name()).isEqualTo("get_weather");
        assertThat(call.output().get(0).asFunctionCall().arguments()).contains("city");
    }

    @Test
    void responsesStreaming() {
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Response[] completed = new Response[1];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("cpa-sim-b").input("Why do birds sing?").addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS)
                .topLogprobs(2).build())) {
            for (ResponseStreamEvent e : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                e.validate();
                if (e.isOutputTextDelta()) {
                    text.append(e.asOutputTextDelta().delta());
                    assertThat(e.asOutputTextDelta().logprobs()).hasSize(1);
                    types.add("delta");
                } else if (e.isCompleted()) {
                    completed[0] = e.asCompleted().response();
                    types.add("completed");
                } else if (e.isCreated()) {
                    types.add("created");
                }
            }
        }
        assertThat(types.get(0)).isEqualTo("created");
        assertThat(types.get(types.size() - 1)).isEqualTo("completed");
        assertThat(completed[0].output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo(text.toString());
    }
}

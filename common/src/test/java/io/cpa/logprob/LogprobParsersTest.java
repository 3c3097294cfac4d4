package io.cpa.logprob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogprobParsersTest {

    @Test
    void openAiChatReadsContentTopKAndSentinel() {
        JsonNode response = Json.resource("logprob/openai-chat.json");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.OPENAI_CHAT);
        TokenLogprobs lp = LogprobParsers.openAiChat(response);

        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_CHAT);
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
        assertThat(lp.text()).isEqualTo("B.");
        assertThat(lp.topK()).isEqualTo(5);
        assertThat(lp.sentinelHits()).isEqualTo(1);
        TokenLogprob first = lp.tokens().get(0);
        assertThat(first.token()).isEqualTo("B");
        assertThat(first.logprob()).isEqualTo(-0.0123);
        assertThat(first.bytes()).containsExactly(66);
        assertThat(first.tokenId()).isNull();
        assertThat(first.topLogprobs()).extracting(TopLogprob::token).containsExactly("B", "C", " B", "A", "The");
        TopLogprob sentinel = first.topLogprobs().get(4);
        assertThat(sentinel.logprob()).isNull();
        assertThat(sentinel.probability()).isZero();
        // a null bytes field stays null rather than becoming an empty list
        assertThat(lp.tokens().get(1).topLogprobs().get(1).bytes()).isNull();
        assertThat(LogprobParsers.parse(response)).isEqualTo(lp);
    }

    @Test
    void vllmChatIsOpenAiShapedWithUnknownModeUnlessTheCallerKnowsIt() {
        JsonNode response = Json.resource("logprob/vllm-chat.json");
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_CHAT);
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
        assertThat(lp.tokens().get(0).topLogprobs().get(2).token()).isEqualTo("\u2581C");
        assertThat(lp.tokens().get(0).logprob()).isCloseTo(Math.log(0.8), within(1e-12));
        assertThat(LogprobParsers.openAiChat(response, ValueMode.RAW).mode()).isEqualTo(ValueMode.RAW);
    }

    @Test
    void llamaCppV1ChatCarriesTokenIdsRawModeAndLowestFloatSentinel() {
        TokenLogprobs lp = LogprobParsers.parse(Json.resource("logprob/llamacpp-v1-chat.json"));
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_CHAT);
        assertThat(lp.mode()).isEqualTo(ValueMode.RAW);
        assertThat(lp.tokens().get(0).tokenId()).isEqualTo(32);
        assertThat(lp.tokens().get(0).topLogprobs()).extracting(TopLogprob::tokenId).containsExactly(32, 33, 362, 34);
        assertThat(lp.tokens().get(0).topLogprobs().get(3).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);
    }

    @Test
    void ollamaV1ChatIsOpenAiShaped() {
        TokenLogprobs lp = LogprobParsers.parse(Json.resource("logprob/ollama-v1-chat.json"));
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_CHAT);
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
        assertThat(lp.tokens().get(0).topLogprobs()).extracting(TopLogprob::token).containsExactly("E", "D", "Answer");
        assertThat(lp.tokens().get(0).logprob()).isCloseTo(Math.log(0.7), within(1e-12));
    }

    @Test
    void streamCollectsLogprobsAcrossChunksSkippingRoleFinishAndUsageChunks() {
        List<JsonNode> chunks = Json.lines("logprob/openai-chat-stream.jsonl");
        assertThat(chunks).hasSize(5);
        assertThat(LogprobParsers.detect(chunks.get(1))).isEqualTo(EndpointKind.OPENAI_CHAT_STREAM);
        TokenLogprobs lp = LogprobParsers.openAiChatStream(chunks);

        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_CHAT_STREAM);
        assertThat(lp.tokens()).extracting(TokenLogprob::token).containsExactly("D", ".", " pen");
        assertThat(lp.text()).isEqualTo("D. pen");
        assertThat(lp.tokens().get(2).logprob()).isEqualTo(-1.203973);
        assertThat(lp.tokens().get(2).topLogprobs()).isEmpty();
        assertThat(lp.sentinelHits()).isEqualTo(1);
        assertThat(lp.topK()).isEqualTo(3);
        assertThat(LogprobParsers.parseStream(chunks)).isEqualTo(lp);
    }

    @Test
    void streamErrorNamesTheChunkAndTheContinuingTokenIndex() {
        List<JsonNode> chunks = new java.util.ArrayList<>(Json.lines("logprob/openai-chat-stream.jsonl"));
        ObjectNode bad = chunks.get(2).deepCopy();
        ((ObjectNode) bad.at("/choices/0/logprobs/content/1")).put("logprob", 0.5);
        chunks.set(2, bad);
        // tokens 0 (chunk 1) and 1 (chunk 2) come first, so the bad one is token 2
        assertThatThrownBy(() -> LogprobParsers.openAiChatStream(chunks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token 2")
                .hasMessageContaining("chunk 2")
                .hasMessageContaining("logprob")
                .hasMessageContaining("positive");
    }

    @Test
    void legacyCompletionsReadTokenArraysAndTopLogprobMapsInOrder() {
        JsonNode response = Json.resource("logprob/openai-completions.json");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.OPENAI_COMPLETIONS);
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_COMPLETIONS);
        assertThat(lp.text()).isEqualTo(" E. mountain");
        assertThat(lp.tokens().get(0).topLogprobs()).extracting(TopLogprob::token).containsExactly(" E", " C", " A");
        assertThat(lp.tokens().get(0).topLogprobs().get(1).logprob()).isCloseTo(Math.log(0.2), within(1e-12));
        assertThat(lp.tokens().get(2).topLogprobs().get(1).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);
        assertThat(lp.topK()).isEqualTo(3);
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
    }

    @Test
    void legacyCompletionsRejectMismatchedArrays() {
        JsonNode response = Json.parse("""
                {"object":"text_completion","choices":[{"index":0,"text":"A","logprobs":
                 {"tokens":["A","."],"token_logprobs":[-0.1],"top_logprobs":[{"A":-0.1},{".":-0.2}]}}]}""");
        assertThatThrownBy(() -> LogprobParsers.parse(response))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token_logprobs");
    }

    @Test
    void llamaCppNativeIsRawWithIdsAndLowestFloatSentinel() {
        JsonNode response = Json.resource("logprob/llamacpp-completion.json");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.LLAMACPP_COMPLETION);
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.mode()).isEqualTo(ValueMode.RAW);
        assertThat(lp.tokens()).hasSize(1);
        TokenLogprob t = lp.tokens().get(0);
        assertThat(t.tokenId()).isEqualTo(33);
        assertThat(t.logprob()).isCloseTo(Math.log(0.9), within(1e-12));
        assertThat(t.topLogprobs()).extracting(TopLogprob::token).containsExactly("B", " B", "b", "A");
        assertThat(t.topLogprobs().get(3).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);
        assertThat(lp.topK()).isEqualTo(4);
    }

    @Test
    void llamaCppPostSamplingProbsAreConvertedToLnPAndZeroIsNotInTopK() {
        TokenLogprobs lp = LogprobParsers.parse(Json.resource("logprob/llamacpp-completion-post-sampling.json"));
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.LLAMACPP_COMPLETION);
        assertThat(lp.mode()).isEqualTo(ValueMode.POST_SAMPLING);
        TokenLogprob a = lp.tokens().get(0);
        assertThat(a.logprob()).isCloseTo(Math.log(0.75), within(1e-15));
        assertThat(a.topLogprobs().get(1).logprob()).isCloseTo(Math.log(0.25), within(1e-15));
        assertThat(a.topLogprobs().get(2).logprob()).isNull();
        assertThat(lp.tokens().get(1).logprob()).isEqualTo(0.0);
        assertThat(lp.sentinelHits()).isEqualTo(1);
    }

    @Test
    void llamaCppWithoutNProbsGivesAnEmptyRecord() {
        JsonNode response = Json.parse("{\"content\":\"B\",\"tokens_predicted\":1,\"stop\":true}");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.LLAMACPP_COMPLETION);
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.isEmpty()).isTrue();
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
    }

    @Test
    void ollamaNativeFinalObject() {
        JsonNode response = Json.resource("logprob/ollama-chat.json");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.OLLAMA_NATIVE);
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OLLAMA_NATIVE);
        assertThat(lp.mode()).isEqualTo(ValueMode.UNKNOWN);
        assertThat(lp.text()).isEqualTo("C");
        assertThat(lp.tokens().get(0).topLogprobs()).extracting(TopLogprob::token).containsExactly("C", "B", "c");
        assertThat(lp.sentinelHits()).isZero();
    }

    @Test
    void ollamaNativeStreamCollectsEveryChunkIncludingTheFinalOneWithoutLogprobs() {
        List<JsonNode> chunks = Json.lines("logprob/ollama-generate-stream.jsonl");
        TokenLogprobs lp = LogprobParsers.ollamaNativeStream(chunks);
        assertThat(lp.text()).isEqualTo("The sky");
        assertThat(lp.tokens().get(1).logprob()).isCloseTo(Math.log(0.9), within(1e-12));
        assertThat(lp.topK()).isEqualTo(2);
        assertThat(LogprobParsers.parseStream(chunks)).isEqualTo(lp);
    }

    @Test
    void responseWithoutLogprobsIsAnEmptyRecord() {
        TokenLogprobs lp = LogprobParsers.parse(Json.resource("logprob/openai-chat-no-logprobs.json"));
        assertThat(lp.isEmpty()).isTrue();
        assertThat(lp.sentinelHits()).isZero();
        assertThat(lp.topK()).isZero();
    }

    @Test
    void everySentinelFormIsNotInTopKAndCounted() {
        ObjectNode response = (ObjectNode) Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"message":{"content":"A"},"logprobs":{"content":[
                  {"token":"A","logprob":-0.1,"top_logprobs":[
                    {"token":"A","logprob":-0.1},
                    {"token":"B","logprob":-9999.0},
                    {"token":"C","logprob":-12345.5},
                    {"token":"D","logprob":-3.4028234663852886E38},
                    {"token":"E","logprob":"-Infinity"},
                    {"token":"F","logprob":null},
                    {"token":"G","logprob":-9998.9}]}]}}]}""");
        ((ObjectNode) response.at("/choices/0/logprobs/content/0/top_logprobs/4")).set("logprob", DoubleNode.valueOf(Double.NEGATIVE_INFINITY));
        TokenLogprobs lp = LogprobParsers.parse(response);
        List<TopLogprob> top = lp.tokens().get(0).topLogprobs();
        assertThat(top.subList(1, 6)).allSatisfy(t -> assertThat(t.logprob()).isNull());
        // just above the threshold is a (tiny) real value, not a sentinel
        assertThat(top.get(6).logprob()).isEqualTo(-9998.9);
        assertThat(lp.sentinelHits()).isEqualTo(5);
    }

    @Test
    void nonFiniteValuesWrittenAsStrings() {
        JsonNode response = Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"logprobs":{"content":[
                  {"token":"A","logprob":-0.1,"top_logprobs":[{"token":"A","logprob":-0.1},{"token":"B","logprob":"-inf"}]}]}}]}""");
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.tokens().get(0).topLogprobs().get(1).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);

        JsonNode nan = Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"logprobs":{"content":[{"token":"A","logprob":"NaN"}]}}]}""");
        assertThatThrownBy(() -> LogprobParsers.parse(nan)).hasMessage("token 0: field choices[0].logprobs.content[0].logprob: NaN");

        JsonNode word = Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"logprobs":{"content":[{"token":"A","logprob":"low"}]}}]}""");
        assertThatThrownBy(() -> LogprobParsers.parse(word)).hasMessageContaining("expected a number");
    }

    @Test
    void nanAndPositiveLogprobsAreRejectedNamingTokenAndField() {
        ObjectNode response = (ObjectNode) Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"message":{"content":"AB"},"logprobs":{"content":[
                  {"token":"A","logprob":-0.1,"top_logprobs":[]},
                  {"token":"B","logprob":-0.2,"top_logprobs":[{"token":"B","logprob":-0.2}]}]}}]}""");
        ObjectNode alt = (ObjectNode) response.at("/choices/0/logprobs/content/1/top_logprobs/0");
        alt.set("logprob", DoubleNode.valueOf(Double.NaN));
        assertThatThrownBy(() -> LogprobParsers.parse(response))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token 1: field choices[0].logprobs.content[1].top_logprobs[0].logprob: NaN");

        alt.put("logprob", 0.25);
        assertThatThrownBy(() -> LogprobParsers.parse(response))
                .hasMessageContaining("token 1").hasMessageContaining("top_logprobs[0].logprob").hasMessageContaining("positive");

        // float rounding of ln 1 is accepted and read as 0
        alt.put("logprob", 5e-7);
        assertThat(LogprobParsers.parse(response).tokens().get(1).topLogprobs().get(0).logprob()).isEqualTo(0.0);
    }

    @Test
    void malformedEntriesAndShapesAreClearErrors() {
        JsonNode noValue = Json.parse("""
                {"object":"chat.completion","choices":[{"index":0,"logprobs":{"content":[{"token":"A"}]}}]}""");
        assertThatThrownBy(() -> LogprobParsers.parse(noValue)).hasMessageContaining("token 0").hasMessageContaining("logprob: missing");

        JsonNode probAboveOne = Json.parse("{\"completion_probabilities\":[{\"id\":1,\"token\":\"A\",\"prob\":1.5}]}");
        assertThatThrownBy(() -> LogprobParsers.parse(probAboveOne)).hasMessageContaining("outside [0,1]");

        JsonNode noChoices = Json.parse("{\"object\":\"chat.completion\",\"choices\":[]}");
        assertThatThrownBy(() -> LogprobParsers.parse(noChoices)).hasMessageContaining("field choices: empty");

        JsonNode unknown = Json.parse("{\"foo\":1}");
        assertThat(LogprobParsers.detect(unknown)).isEqualTo(EndpointKind.UNKNOWN);
        assertThatThrownBy(() -> LogprobParsers.parse(unknown)).hasMessageContaining("unrecognised response shape");
    }

    @Test
    void detectDistinguishesShapesWithoutObjectField() {
        assertThat(LogprobParsers.detect(Json.parse("{\"choices\":[{\"index\":0,\"message\":{}}]}"))).isEqualTo(EndpointKind.OPENAI_CHAT);
        assertThat(LogprobParsers.detect(Json.parse("{\"choices\":[{\"index\":0,\"delta\":{}}]}"))).isEqualTo(EndpointKind.OPENAI_CHAT_STREAM);
        assertThat(LogprobParsers.detect(Json.parse("{\"choices\":[{\"index\":0,\"text\":\"A\"}]}"))).isEqualTo(EndpointKind.OPENAI_COMPLETIONS);
        assertThat(LogprobParsers.detect(Json.parse("{\"response\":\"A\",\"done\":true}"))).isEqualTo(EndpointKind.OLLAMA_NATIVE);
        assertThat(LogprobParsers.detect(Json.parse("[1,2]"))).isEqualTo(EndpointKind.UNKNOWN);
    }

    @Test
    void onlyChoiceIndexZeroIsRead() {
        JsonNode response = Json.parse("""
                {"object":"chat.completion","choices":[
                  {"index":1,"logprobs":{"content":[{"token":"X","logprob":-1.0}]}},
                  {"index":0,"logprobs":{"content":[{"token":"A","logprob":-0.5}]}}]}""");
        assertThat(LogprobParsers.parse(response).text()).isEqualTo("A");
    }

    @Test
    void responsesApiLogprobsAreReadFromEveryOutputTextPartOfTheMessage() {
        JsonNode response = Json.resource("logprob/openai-responses.json");
        assertThat(LogprobParsers.detect(response)).isEqualTo(EndpointKind.OPENAI_RESPONSES);
        TokenLogprobs lp = LogprobParsers.parse(response);
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_RESPONSES);
        assertThat(lp.text()).isEqualTo("B.");
        assertThat(lp.tokens().get(0).bytes()).containsExactly(66);
        assertThat(lp.tokens().get(0).topLogprobs()).extracting(TopLogprob::token).containsExactly("B", "A", "C");
        // the -9999.0 of C is "not in top-k", never a probability
        assertThat(lp.tokens().get(0).topLogprobs().get(2).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);
        assertThat(lp.topK()).isEqualTo(3);
    }

    @Test
    void aResponsesReplyWithoutTheIncludeHasNoLogprobsAndAnotherShapeIsRejected() {
        ObjectNode response = (ObjectNode) Json.resource("logprob/openai-responses.json");
        ((ObjectNode) response.at("/output/1/content/0")).putArray("logprobs");
        assertThat(LogprobParsers.openAiResponses(response).isEmpty()).isTrue();
        ((ObjectNode) response.at("/output/1/content/0")).put("logprobs", "x");
        assertThatThrownBy(() -> LogprobParsers.openAiResponses(response)).hasMessageContaining("output[1].content[0].logprobs");
        assertThatThrownBy(() -> LogprobParsers.openAiResponses(Json.parse("{\"object\":\"response\"}"))).hasMessageContaining("output");
    }

    @Test
    void responsesStreamDeltasAreJoinedInSequenceNumberOrderNotArrivalOrder() {
        List<JsonNode> events = Json.lines("logprob/openai-responses-stream.jsonl");
        assertThat(LogprobParsers.detect(events.get(0))).isEqualTo(EndpointKind.OPENAI_RESPONSES_STREAM);
        TokenLogprobs lp = LogprobParsers.parseStream(events);
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_RESPONSES_STREAM);
        // the delta of sequence_number 4 arrived before that of 3
        assertThat(lp.tokens()).extracting(TokenLogprob::token).containsExactly("A", " library");
        assertThat(lp.tokens().get(0).topLogprobs().get(1).logprob()).isNull();
        assertThat(lp.sentinelHits()).isEqualTo(1);
        assertThat(lp.topK()).isEqualTo(2);
    }

    @Test
    void responsesStreamWithoutDeltaLogprobsReadsTheCompletedResponse() {
        JsonNode whole = Json.resource("logprob/openai-responses.json");
        ObjectNode completed = Json.MAPPER.createObjectNode().put("type", "response.completed").put("sequence_number", 9);
        completed.set("response", whole);
        ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "response.output_text.delta").put("delta", "B.");
        TokenLogprobs lp = LogprobParsers.openAiResponsesStream(List.of(delta, completed));
        assertThat(lp.endpoint()).isEqualTo(EndpointKind.OPENAI_RESPONSES_STREAM);
        assertThat(lp.tokens()).isEqualTo(LogprobParsers.openAiResponses(whole).tokens());
    }

    @Test
    void eachChoiceOfAReplyWithSeveralHasItsOwnLogprobs() {
        JsonNode reply = Json.parse("{\"object\":\"chat.completion\",\"choices\":["
                + "{\"index\":0,\"message\":{\"content\":\"A\"},\"logprobs\":{\"content\":[{\"token\":\"A\",\"logprob\":-0.5,\"top_logprobs\":[]}]}},"
                + "{\"index\":1,\"message\":{\"content\":\"B\"},\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-1.5,\"top_logprobs\":[]}]}}]}");
        assertThat(LogprobParsers.openAiChat(reply, 1).tokens()).extracting(TokenLogprob::logprob).containsExactly(-1.5);
        assertThat(LogprobParsers.openAiChat(reply, 0).text()).isEqualTo("A");
        assertThatThrownBy(() -> LogprobParsers.openAiChat(reply, 2)).hasMessageContaining("no choice with index 2");
        List<JsonNode> chunks = List.of(
                Json.parse("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"},\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-1.5,\"top_logprobs\":[]}]}}]}"),
                Json.parse("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"},\"logprobs\":{\"content\":[{\"token\":\"A\",\"logprob\":-0.5,\"top_logprobs\":[]}]}}]}"));
        assertThat(LogprobParsers.openAiChatStream(chunks, 1).text()).isEqualTo("B");
        assertThat(LogprobParsers.openAiChatStream(chunks).text()).isEqualTo("A");
    }
}

package io.cpa.answer.ingest;

import io.cpa.answer.http.FieldException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.event.AnswerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IngestedAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OPENAI = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
            + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
            + "{\"token\":\"A\",\"logprob\":-2.5}]}]},\"finish_reason\":\"stop\"}]}";
    static final String GOOD = "{\"question\":\"Where are books lent?\",\"options\":[{\"label\":\"A\",\"text\":\"a river\"},"
            + "{\"label\":\"B\",\"text\":\"a library\"}],\"model\":\"gpt-4o\",\"response\":" + OPENAI + ",\"goldLabel\":\"B\"}";

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Replaces the value of one field of the good answer (or removes it when the replacement is "-"). */
    private static JsonNode with(String field, String value) {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) json(GOOD);
        if (value.equals("-")) node.remove(field);
        else node.set(field, json(value));
        return node;
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "question | -                                                    | question            | is required",
            "question | 42                                                   | question            | must be a string",
            "question | '\"  \"'                                             | question            | must not be blank",
            "model    | -                                                    | model               | is required",
            "model    | '\"a|b\"'                                            | model               | must not contain",
            "source   | '\"x|y\"'                                            | source              | must not contain",
            "response | -                                                    | response            | is required",
            "response | '\"text\"'                                           | response            | JSON response (an object)",
            "response | '{\"foo\": 1}'                                       | response            | unrecognised response shape",
            "options  | '{}'                                                 | options             | must be an array",
            "options  | '[{\"label\":\"A\",\"text\":\"x\"}]'                 | options             | has 1 entries, expected 2 to 8",
            "options  | '[{\"label\":\"A\",\"text\":\"x\"},{\"text\":\"y\"}]' | options[1].label    | is required",
            "options  | '[{\"label\":\"A\",\"text\":\"x\"},{\"label\":\"a\",\"text\":\"y\"}]' | options[1].label | duplicates an earlier label",
            "options  | '[{\"label\":\"A\",\"text\":\"x\"},{\"label\":\"B\",\"text\":\"y\"},{\"label\":\"??\",\"text\":\"z\"}]' | options[2].label | must be 1-4 letters or digits",
            "options  | '[{\"label\":\"A\",\"text\":\"x\"},{\"label\":\"B\",\"text\":7}]' | options[1].text | must be a string",
            "options  | '[\"A\",\"B\"]'                                      | options[0]          | must be an object",
            "goldLabel| '\"C\"'                                              | goldLabel           | is not one of the option labels",
            "answerId | '\"has space\"'                                      | answerId            | must be 1-128 characters",
            "extra    | 1                                                    | extra               | unknown field",
    })
    void eachBadFieldIsRejectedByName(String field, String value, String expectedField, String message) {
        assertThatThrownBy(() -> IngestedAnswer.read(with(field, value), "ingest").toEvent(1, Instant.EPOCH))
                .isInstanceOf(FieldException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((FieldException) e).field()).isEqualTo(expectedField));
    }

    @Test
    void aGoldLabelWithoutOptionsIsRejected() {
        JsonNode node = with("options", "null");
        assertThatThrownBy(() -> IngestedAnswer.read(node, "ingest")).hasMessageContaining("needs options")
                .satisfies(e -> assertThat(((FieldException) e).field()).isEqualTo("goldLabel"));
    }

    @Test
    void anOpenAiChatResponseBecomesAnAnswerWithAlgorithmOneAndCorrectness() {
        AnswerEvent e = IngestedAnswer.read(json(GOOD), "ingest").toEvent(7, Instant.EPOCH);
        assertThat(e.entrance()).isEqualTo("ingest");
        assertThat(e.source()).isEqualTo("ingest");
        assertThat(e.endpoint()).isEqualTo("openai-chat");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.correct()).isTrue();
        double pb = Math.exp(-0.1), pa = Math.exp(-2.5);
        assertThat(e.confidence().value()).isCloseTo(pb / (pa + pb), within(1e-12));
    }

    @Test
    void anOllamaNativeFreeFormResponseGetsTheMeanLogprobAggregator() {
        String ollama = "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},\"done\":true,"
                + "\"logprobs\":[{\"token\":\"Paris\",\"logprob\":-0.2,\"top_logprobs\":[]},{\"token\":\".\",\"logprob\":-0.4,\"top_logprobs\":[]}]}";
        AnswerEvent e = IngestedAnswer.read(json("{\"question\":\"Capital of France?\",\"model\":\"llama3\",\"source\":\"geo\","
                + "\"response\":" + ollama + "}"), "ingest").toEvent(1, Instant.EPOCH);
        assertThat(e.endpoint()).isEqualTo("ollama-native");
        assertThat(e.answerText()).isEqualTo("Paris.");
        assertThat(e.confidence().aggregator()).isEqualTo("mean-logprob");
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.3), within(1e-12));
    }

    @Test
    void aResponseWithoutLogprobsIsPublishedWithoutAnIcAndSaysWhy() {
        String plain = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":\"stop\"}]}";
        AnswerEvent e = IngestedAnswer.read(with("response", plain), "ingest").toEvent(1, Instant.EPOCH);
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        assertThat(e.confidence().present()).isFalse();
        assertThat(e.confidence().missingReason()).isEqualTo("the response carries no logprobs");
        assertThat(e.chosenOption()).isEqualTo("B");
    }

    static AnswerEvent event(String field, String value) {
        return IngestedAnswer.read(with(field, value), "ingest").toEvent(1, Instant.EPOCH);
    }

    static final String RESPONSES = "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"content\":["
            + "{\"type\":\"output_text\",\"text\":\"B\",\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":["
            + "{\"token\":\"B\",\"logprob\":-0.1},{\"token\":\"A\",\"logprob\":-2.5}]}]}]}]}";

    @Test
    void aResponsesReplyAndItsRecordedStreamEventsAreReadLikeChat() {
        double expected = Math.exp(-0.1) / (Math.exp(-0.1) + Math.exp(-2.5));
        AnswerEvent whole = event("response", RESPONSES);
        assertThat(whole.endpoint()).isEqualTo("openai-responses");
        assertThat(whole.answerText()).isEqualTo("B");
        assertThat(whole.correct()).isTrue();
        assertThat(whole.confidence().value()).isCloseTo(expected, within(1e-12));
        String events = "[{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"object\":\"response\",\"output\":[]}},"
                + "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,"
                + "\"delta\":\"B\",\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},{\"token\":\"A\",\"logprob\":-2.5}]}]},"
                + "{\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"B\",\"logprobs\":[]}]}]}}]";
        AnswerEvent streamed = event("response", events);
        assertThat(streamed.endpoint()).isEqualTo("openai-responses-stream");
        assertThat(streamed.answerText()).isEqualTo("B");
        assertThat(streamed.confidence().value()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void anIngestedReplyWithoutTextSaysWhyUnlessTheCallerGaveTheAnswerText() {
        String tools = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        AnswerEvent e = event("response", tools);
        assertThat(e.noTextReason()).isEqualTo("tool-calls");
        assertThat(e.correct()).as("labelled, and it named no option").isFalse();
        assertThat(e.choiceIndex()).isEqualTo(0);
        String refusal = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"content\":null,\"refusal\":\"No.\"},\"finish_reason\":\"stop\"}]}";
        assertThat(event("response", refusal).noTextReason()).isEqualTo("refusal");
        com.fasterxml.jackson.databind.node.ObjectNode own = (com.fasterxml.jackson.databind.node.ObjectNode) with("response", tools);
        own.put("answerText", "B");
        AnswerEvent given = IngestedAnswer.read(own, "ingest").toEvent(1, Instant.EPOCH);
        assertThat(given.noTextReason()).isNull();
        assertThat(given.chosenOption()).isEqualTo("B");
        String ollamaEmpty = "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}";
        assertThat(event("response", ollamaEmpty).noTextReason()).isEqualTo("empty");
    }
}

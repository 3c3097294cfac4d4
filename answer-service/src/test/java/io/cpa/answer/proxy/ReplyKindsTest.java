package io.cpa.answer.proxy;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.event.AnswerEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every kind of reply an OpenAI-compatible proxy sees, as the answers it publishes: no HTTP, no broker. */
class ReplyKindsTest {
    static final ProxiedAnswers.Labels LABELS = new ProxiedAnswers.Labels("gpt-4o", "app", "openai");
    static final String MC = "Where are books lent?\\nA. a river\\nB. a library\\nAnswer:";

    static List<AnswerEvent> chat(String request, String reply) {
        return answers(Exchange.Api.CHAT, request, List.of(reply), false);
    }

    static List<AnswerEvent> answers(Exchange.Api api, String request, List<String> reply, boolean streamed) {
        Exchange.Prepared p = Exchange.prepare(api, request.getBytes(StandardCharsets.UTF_8), 5);
        List<byte[]> bytes = new ArrayList<>();
        for (String r : reply) bytes.add((streamed ? "data: " + r + "\n\n" : r).getBytes(StandardCharsets.UTF_8));
        AtomicLong seq = new AtomicLong();
        return ProxiedAnswers.of(p, bytes, streamed, LABELS, Instant.EPOCH, seq::incrementAndGet, "ex-1");
    }

    static String user(String text) {
        return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    static String lp(String token, double logprob) {
        return "{\"token\":\"" + token + "\",\"logprob\":" + logprob + ",\"top_logprobs\":[{\"token\":\"" + token + "\",\"logprob\":" + logprob
                + "},{\"token\":\"zz\",\"logprob\":-5.0}]}";
    }

    @Test
    void aSingleChoiceIsTheExchangesIdAndChoicesAskedForSeveralCarryTheirIndexEvenWhenOneCameBack() {
        String reply = "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
                + "\"finish_reason\":\"stop\"}]}";
        assertThat(chat(user(MC), reply)).extracting(AnswerEvent::answerId).containsExactly("ex-1");
        assertThat(chat("{\"model\":\"gpt-4o\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"" + MC + "\"}]}", reply))
                .extracting(AnswerEvent::answerId).containsExactly("ex-1:0");
    }

    @Test
    void severalChoicesAreSeveralAnswersEachWithItsIndexAndItsOwnLogprobs() {
        List<AnswerEvent> out = chat(user(MC), "{\"object\":\"chat.completion\",\"choices\":["
                + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},\"logprobs\":{\"content\":[" + lp("A", -1.0) + "]},\"finish_reason\":\"stop\"},"
                + "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"logprobs\":{\"content\":[" + lp("B", -0.1) + "]},\"finish_reason\":\"stop\"}]}");
        assertThat(out).hasSize(2);
        assertThat(out).extracting(AnswerEvent::choiceIndex).containsExactly(0, 1);
        assertThat(out).extracting(AnswerEvent::answerId).as("<exchange id>:<choice index>").containsExactly("ex-1:0", "ex-1:1");
        assertThat(out).extracting(AnswerEvent::chosenOption).containsExactly("B", "A");
        assertThat(out.get(1).logprobs().tokens().get(0).logprob()).isEqualTo(-1.0);
        assertThat(out).allSatisfy(e -> {
            assertThat(e.route()).isEqualTo("openai");
            assertThat(e.model()).isEqualTo("gpt-4o");
            assertThat(e.noTextReason()).isNull();
            assertThat(e.options()).hasSize(2);
        });
    }

    @Test
    void aReplyOfToolCallsOnlyIsAnAnswerWithoutTextButBesideTextItIsAnAnswer() {
        String tools = "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]";
        AnswerEvent only = chat(user("Weather in Paris?"), "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + tools + "},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}").get(0);
        assertThat(only.noTextReason()).isEqualTo("tool-calls");
        assertThat(only.confidence().missingReason()).isEqualTo("no answer text: tool-calls");
        assertThat(only.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        AnswerEvent beside = chat(user("Weather in Paris?"), "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Let me look.\","
                + tools + "},\"finish_reason\":\"tool_calls\"}]}").get(0);
        assertThat(beside.noTextReason()).isNull();
        assertThat(beside.answerText()).isEqualTo("Let me look.");
    }

    @Test
    void refusalsFilteredAndEmptyRepliesSayWhyTheyHaveNoText() {
        AnswerEvent refusal = chat(user(MC), "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"refusal\":\"I can't help with that.\"},\"logprobs\":{\"content\":null,\"refusal\":[" + lp("I", -0.01) + "]},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(refusal.noTextReason()).isEqualTo("refusal");
        assertThat(refusal.confidence().value()).isNull();
        assertThat(refusal.chosenOption()).isNull();
        AnswerEvent filtered = chat(user("x"), "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Par\"},\"finish_reason\":\"content_filter\"}]}").get(0);
        assertThat(filtered.noTextReason()).isEqualTo("filtered");
        assertThat(filtered.answerText()).isEqualTo("Par");
        AnswerEvent empty = chat(user("x"), "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"  \"},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(empty.noTextReason()).isEqualTo("empty");
    }

    @Test
    void aReplyCutByLengthJsonModeAndContentPartsAreAnswersOfTheirText() {
        AnswerEvent length = chat(user("Tell me about Paris"), "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Paris is\"},"
                + "\"logprobs\":{\"content\":[" + lp("Paris", -0.2) + "," + lp(" is", -0.4) + "]},\"finish_reason\":\"length\"}]}").get(0);
        assertThat(length.noTextReason()).isNull();
        assertThat(length.confidence().aggregator()).isEqualTo("mean-logprob");
        assertThat(length.confidence().value()).isCloseTo(Math.exp((-0.2 - 0.4) / 2), within(1e-12));
        AnswerEvent json = chat("{\"model\":\"gpt-4o\",\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"city as JSON\"}]}",
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"{\\\"city\\\":\\\"Paris\\\"}\"},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(json.answerText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(json.multipleChoice()).isFalse();
        AnswerEvent parts = chat(user("x"), "{\"choices\":[{\"index\":0,\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Par\"},"
                + "{\"type\":\"image_url\"},{\"type\":\"text\",\"text\":\"is\"}]},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(parts.answerText()).isEqualTo("Paris");
    }

    @Test
    void theQuestionIsTheLastUserTurnWhateverTheSystemPromptAndEarlierTurns() {
        String request = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer with one letter.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"},{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "{\"role\":\"user\",\"content\":\"" + MC + "\"}]}";
        AnswerEvent e = chat(request, "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"B\"},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(e.question()).isEqualTo("Where are books lent?");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
        AnswerEvent none = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Say hi\"}]}",
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}").get(0);
        assertThat(none.question()).isEmpty();
    }

    @Test
    void streamedChoicesToolCallsAndRefusalsAreCollectedPerIndex() {
        List<AnswerEvent> out = answers(Exchange.Api.CHAT, "{\"model\":\"gpt-4o\",\"stream\":true,\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", List.of(
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}},{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}",
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Paris\"},\"logprobs\":{\"content\":[" + lp("Paris", -0.3) + "]}}]}",
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"},{\"index\":1,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"total_tokens\":9}}"), true);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).answerText()).isEqualTo("Paris");
        assertThat(out.get(0).endpoint()).isEqualTo("openai-chat-stream");
        assertThat(out.get(0).confidence().value()).isCloseTo(Math.exp(-0.3), within(1e-12));
        assertThat(out.get(1).noTextReason()).isEqualTo("tool-calls");
        assertThat(out.get(1).choiceIndex()).isEqualTo(1);
        AnswerEvent refusal = answers(Exchange.Api.CHAT, "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}", List.of(
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't\"}}]}"), true).get(0);
        assertThat(refusal.noTextReason()).isEqualTo("refusal");
    }

    static final String RESPONSES_REQUEST = "{\"model\":\"gpt-4.1\",\"instructions\":\"One letter.\",\"input\":[{\"role\":\"user\",\"content\":\"" + MC + "\"}]}";

    @Test
    void aResponsesReplyIsOneAnswerWithItsLogprobsAndItsKind() {
        String text = "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"reasoning\",\"summary\":[]},{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"B\",\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.2,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.2},{\"token\":\"A\",\"logprob\":-1.9}]}]}]}]}";
        AnswerEvent e = answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, List.of(text), false).get(0);
        assertThat(e.endpoint()).isEqualTo("openai-responses");
        assertThat(e.choiceIndex()).isNull();
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.2) / (Math.exp(-0.2) + Math.exp(-1.9)), within(1e-12));
        String call = "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\",\"call_id\":\"c\"}]}";
        assertThat(answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, List.of(call), false).get(0).noTextReason()).isEqualTo("tool-calls");
        String refusal = "{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"No.\"}]}]}";
        assertThat(answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, List.of(refusal), false).get(0).noTextReason()).isEqualTo("refusal");
        String filtered = "{\"object\":\"response\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"content_filter\"},\"output\":[]}";
        assertThat(answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, List.of(filtered), false).get(0).noTextReason()).isEqualTo("filtered");
        String cut = "{\"object\":\"response\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"B\"}]}]}";
        assertThat(answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, List.of(cut), false).get(0).noTextReason()).isNull();
    }

    @Test
    void aStreamedResponsesReplyIsReadFromItsEvents() {
        List<String> events = List.of(
                "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"B\","
                        + "\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.2,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.2},{\"token\":\"A\",\"logprob\":-1.9}]}]}",
                "{\"type\":\"response.completed\",\"sequence_number\":5,\"response\":{\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":\"B\",\"logprobs\":[]}]}]}}");
        AnswerEvent e = answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST.replace("{\"model\"", "{\"stream\":true,\"model\""), events, true).get(0);
        assertThat(e.endpoint()).isEqualTo("openai-responses-stream");
        assertThat(e.answerText()).isEqualTo("B");
        assertThat(e.chosenOption()).isEqualTo("B");
        assertThat(e.confidence().value()).isCloseTo(Math.exp(-0.2) / (Math.exp(-0.2) + Math.exp(-1.9)), within(1e-12));
        // cut short before response.completed: the deltas still make the answer
        AnswerEvent cut = answers(Exchange.Api.RESPONSES, RESPONSES_REQUEST, events.subList(0, 2), true).get(0);
        assertThat(cut.answerText()).isEqualTo("B");
    }

    @Test
    void aReplyOfAnotherShapeOrWithoutChoicesPublishesNothing() {
        assertThat(chat(user("x"), "{\"object\":\"list\"}")).isEmpty();
        assertThat(chat(user("x"), "{\"choices\":[]}")).isEmpty();
        assertThat(chat(user("x"), "not json")).isEmpty();
    }
}

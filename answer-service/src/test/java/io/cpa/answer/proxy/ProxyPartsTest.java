package io.cpa.answer.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theAnswerPromptIsRecognisedAndAnythingElseIsFreeForm() {
        var parsed = AnswerPromptParser.parse("Which is a fruit?\nSecond line.\nA. apple\nB. stone\nC. iron\nAnswer:").orElseThrow();
        assertThat(parsed.question()).isEqualTo("Which is a fruit?\nSecond line.");
        assertThat(parsed.options()).extracting(o -> o.label() + ":" + o.text()).containsExactly("A:apple", "B:stone", "C:iron");
        assertThat(AnswerPromptParser.parse("1. one\n2. two\nAnswer:")).as("no question").isEmpty();
        assertThat(AnswerPromptParser.parse("Q?\nA. only one\nAnswer:")).isEmpty();
        assertThat(AnswerPromptParser.parse("Q?\nA. x\nB. y\nWhat is your answer?")).isEmpty();
        assertThat(AnswerPromptParser.parse("Q?\nA. x\nA. y\nAnswer:")).as("repeated label").isEmpty();
        assertThat(AnswerPromptParser.parse(null)).isEmpty();
    }

    static final Exchange.Api CHAT = Exchange.Api.CHAT;
    static final Exchange.Api RESPONSES = Exchange.Api.RESPONSES;

    @Test
    void prepareAddsLogprobsOnlyWhenTheCallerDidNotAsk() throws Exception {
        byte[] asked = bytes("{\"model\":\"m\",\"logprobs\":true,\"top_logprobs\":2,\"messages\":[]}");
        Exchange.Prepared same = Exchange.prepare(CHAT, asked, 5);
        assertThat(same.upstreamBody()).isSameAs(asked);
        assertThat(same.strip()).isFalse();
        assertThat(same.model()).isEqualTo("m");

        byte[] caller = bytes("{\"model\":\"m\",\"stream\":true,\"logprobs\":null,\"messages\":[]}");
        Exchange.Prepared added = Exchange.prepare(CHAT, caller, 5);
        assertThat(added.strip()).isTrue();
        assertThat(added.stream()).isTrue();
        JsonNode up = JSON.readTree(added.upstreamBody());
        assertThat(up.path("logprobs").asBoolean()).isTrue();
        assertThat(up.path("top_logprobs").asInt()).isEqualTo(5);
        // a model that refuses logprobs gets the caller's own bytes, "logprobs": null included
        assertThat(added.callerBody()).isSameAs(caller);
    }

    @Test
    void responsesRequestsGetTheLogprobsIncludeAfterTheCallersOwnEntries() throws Exception {
        byte[] caller = bytes("{\"model\":\"gpt-4.1\",\"input\":\"Hi\",\"include\":[\"reasoning.encrypted_content\"]}");
        Exchange.Prepared added = Exchange.prepare(RESPONSES, caller, 5);
        assertThat(added.strip()).isTrue();
        JsonNode up = JSON.readTree(added.upstreamBody());
        assertThat(up.path("include")).extracting(JsonNode::asText)
                .containsExactly("reasoning.encrypted_content", "message.output_text.logprobs");
        assertThat(up.path("top_logprobs").asInt()).isEqualTo(5);
        assertThat(up.path("input").asText()).isEqualTo("Hi");

        byte[] asked = bytes("{\"model\":\"gpt-4.1\",\"input\":\"Hi\",\"include\":[\"message.output_text.logprobs\"],\"top_logprobs\":2}");
        assertThat(Exchange.prepare(RESPONSES, asked, 5).strip()).isFalse();
        assertThat(Exchange.prepare(RESPONSES, asked, 5).upstreamBody()).isSameAs(asked);
        assertThat(JSON.readTree(Exchange.prepare(RESPONSES, bytes("{\"model\":\"m\",\"input\":\"x\"}"), 3).upstreamBody())
                .path("include")).extracting(JsonNode::asText).containsExactly("message.output_text.logprobs");
    }

    @Test
    void theFieldsTheProxyActsOnAreCheckedAndNamed() {
        assertThatThrownBy(() -> Exchange.prepare(CHAT, bytes("[1]"), 5)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Exchange.prepare(CHAT, bytes("{nope"), 5)).hasMessageContaining("not valid JSON");
        assertThat(param(CHAT, "{\"messages\":[]}")).isEqualTo("model");
        assertThat(param(CHAT, "{\"model\":7}")).isEqualTo("model");
        assertThat(param(CHAT, "{\"model\":\"m\",\"stream\":\"yes\"}")).isEqualTo("stream");
        assertThat(param(CHAT, "{\"model\":\"m\",\"logprobs\":1}")).isEqualTo("logprobs");
        assertThat(param(RESPONSES, "{\"model\":\"m\",\"include\":\"message.output_text.logprobs\"}")).isEqualTo("include");
        assertThat(param(RESPONSES, "{\"model\":\"m\",\"include\":[3]}")).isEqualTo("include");
    }

    private static String param(Exchange.Api api, String body) {
        try {
            Exchange.prepare(api, bytes(body), 5);
        } catch (Exchange.BadRequest e) {
            return e.param();
        }
        return "accepted";
    }

    @Test
    void strippingKeepsTheKeyAsNullAndEveryOtherFieldOrderAndNumberAsWritten() {
        Exchange.Prepared chat = Exchange.prepare(CHAT, bytes("{\"model\":\"m\"}"), 5);
        String reply = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"B\"},\"logprobs\":{\"content\":[]},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"x\":1.50E-3,\"y\":0.1000}}";
        assertThat(new String(Exchange.stripLogprobs(chat, bytes(reply)), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"B\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"x\":0.00150,\"y\":0.1000}}");
        // an upstream reply that has "logprobs": null already passes byte for byte
        byte[] none = bytes("{\"choices\":[{\"index\":0,\"logprobs\":null}]}");
        assertThat(new String(Exchange.stripLogprobs(chat, none), StandardCharsets.UTF_8)).isEqualTo("{\"choices\":[{\"index\":0,\"logprobs\":null}]}");
    }

    @Test
    void aResponsesReplyLosesTheLogprobListsAndEchoesTheCallersTopLogprobs() {
        Exchange.Prepared responses = Exchange.prepare(RESPONSES, bytes("{\"model\":\"m\",\"input\":\"x\"}"), 5);
        String reply = "{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"B\",\"annotations\":[],\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[]}]}]}],\"top_logprobs\":5}";
        assertThat(new String(Exchange.stripLogprobs(responses, bytes(reply)), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                        + "\"text\":\"B\",\"annotations\":[],\"logprobs\":[]}]}],\"top_logprobs\":0}");
        byte[] event = bytes("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,"
                + "\"delta\":\"B\",\"logprobs\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[]}]}\n\n");
        assertThat(new String(SseEvents.stripLogprobs(responses, event), StandardCharsets.UTF_8))
                .isEqualTo("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,"
                        + "\"delta\":\"B\",\"logprobs\":[]}\n\n");
    }

    @Test
    void theLastUserTurnIsReadFromStringOrPartContentInBothApis() throws Exception {
        JsonNode request = JSON.readTree("{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"x\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image_url\"},{\"type\":\"text\",\"text\":\"b\"}]},"
                + "{\"role\":\"tool\",\"content\":\"42\"}]}");
        assertThat(ProxiedAnswers.lastUserText(CHAT, request)).isEqualTo("a\nb");
        assertThat(ProxiedAnswers.lastUserText(RESPONSES, JSON.readTree("{\"input\":\"plain\"}"))).isEqualTo("plain");
        assertThat(ProxiedAnswers.lastUserText(RESPONSES, JSON.readTree("{\"instructions\":\"sys\",\"input\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"q\"},{\"type\":\"input_image\"}]},{\"type\":\"function_call_output\",\"output\":\"1\"}]}"))).isEqualTo("q");
        assertThat(ProxiedAnswers.lastUserText(CHAT, JSON.readTree("{\"messages\":[]}"))).isNull();
    }

    @Test
    void sseEventsAreReassembledWhateverTheChunkBoundaries() {
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"é\"}}]}\n\n: ping\n\ndata: {\"a\":1}\r\n\r\ndata: [DONE]\n\n";
        byte[] all = bytes(stream);
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            SseEvents events = new SseEvents();
            List<byte[]> out = new ArrayList<>();
            int i = 0;
            while (i < all.length) {
                int n = Math.min(all.length - i, 1 + random.nextInt(9));
                byte[] chunk = new byte[n];
                System.arraycopy(all, i, chunk, 0, n);
                out.addAll(events.feed(chunk));
                i += n;
            }
            assertThat(out).hasSize(4);
            assertThat(events.rest()).isEmpty();
            StringBuilder joined = new StringBuilder();
            for (byte[] e : out) joined.append(new String(e, StandardCharsets.UTF_8));
            assertThat(joined.toString()).isEqualTo(stream);
            assertThat(SseEvents.json(out.get(0)).path("choices").path(0).path("delta").path("content").asText()).isEqualTo("é");
            assertThat(SseEvents.json(out.get(1))).isNull();
            assertThat(SseEvents.json(out.get(3))).isNull();
        }
    }

    @Test
    void aStrippedEventLosesOnlyItsLogprobs() {
        Exchange.Prepared chat = Exchange.prepare(CHAT, bytes("{\"model\":\"m\"}"), 5);
        byte[] event = bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},\"logprobs\":{\"content\":[]}}]}\n\n");
        assertThat(new String(SseEvents.stripLogprobs(chat, event), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},\"logprobs\":null}]}\n\n");
        byte[] done = bytes("data: [DONE]\n\n");
        assertThat(SseEvents.stripLogprobs(chat, done)).isSameAs(done);
    }
}

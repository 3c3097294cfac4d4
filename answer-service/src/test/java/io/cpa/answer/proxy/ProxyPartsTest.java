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

    @Test
    void prepareAddsLogprobsOnlyWhenTheCallerDidNotAsk() throws Exception {
        byte[] asked = bytes("{\"model\":\"m\",\"logprobs\":true,\"top_logprobs\":2,\"messages\":[]}");
        ChatExchange.Prepared same = ChatExchange.prepare(asked, 5);
        assertThat(same.upstreamBody()).isSameAs(asked);
        assertThat(same.strip()).isFalse();

        ChatExchange.Prepared added = ChatExchange.prepare(bytes("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"), 5);
        assertThat(added.strip()).isTrue();
        assertThat(added.stream()).isTrue();
        JsonNode up = JSON.readTree(added.upstreamBody());
        assertThat(up.path("logprobs").asBoolean()).isTrue();
        assertThat(up.path("top_logprobs").asInt()).isEqualTo(5);
        assertThat(JSON.readTree(ChatExchange.withoutLogprobs(added.request())).has("logprobs")).isFalse();
        assertThatThrownBy(() -> ChatExchange.prepare(bytes("[1]"), 5)).hasMessageContaining("not a JSON object");
    }

    @Test
    void strippingKeepsEveryOtherFieldOrderAndNumberAsWritten() {
        String reply = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"B\"},\"logprobs\":{\"content\":[]},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"x\":1.50E-3,\"y\":0.1000}}";
        assertThat(new String(ChatExchange.stripLogprobs(bytes(reply)), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"B\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"x\":0.00150,\"y\":0.1000}}");
    }

    @Test
    void theLastUserMessageIsReadFromStringOrPartContent() throws Exception {
        JsonNode request = JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"x\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image_url\"},{\"type\":\"text\",\"text\":\"b\"}]}]}");
        assertThat(ChatExchange.lastUserText(request)).isEqualTo("a\nb");
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
        byte[] event = bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},\"logprobs\":{\"content\":[]}}]}\n\n");
        assertThat(new String(SseEvents.stripLogprobs(event), StandardCharsets.UTF_8))
                .isEqualTo("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"}}]}\n\n");
        byte[] done = bytes("data: [DONE]\n\n");
        assertThat(SseEvents.stripLogprobs(done)).isSameAs(done);
    }
}

package io.cpa.answer.label;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.http.FieldException;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.cpa.question.ChoiceOption;
import io.cpa.answer.model.AnswerEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelRequestTest {
    static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    private static JsonNode json(String s) {
        try {
            return EventJson.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static LabelEvent read(String s) {
        return LabelRequest.read(json(s), NOW, Duration.ofMinutes(1));
    }

    private static void rejected(String body, String field, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(FieldException.class)
                .hasMessageContaining(message).extracting(e -> ((FieldException) e).field()).isEqualTo(field);
    }

    @Test
    void aValidLabelTakesItsFieldsAndDefaultsItsTimeToNow() {
        LabelEvent e = read("{\"answerId\":\"a1\",\"labeller\":\"judge:gpt-4o\",\"score\":0.25}");
        assertThat(e.answerId()).isEqualTo("a1");
        assertThat(e.score()).isEqualTo(0.25);
        assertThat(e.threshold()).isNull();
        assertThat(e.labelledAt()).isEqualTo(NOW);
        assertThat(e.receivedAt()).isEqualTo(NOW);
        assertThat(e.labelId()).isNotBlank();
        assertThat(read("{\"answerId\":\"a1\",\"labeller\":\"human\",\"correct\":false,\"labelledAt\":\"2025-05-01T13:00:30+01:00\"}")
                .labelledAt()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void eachRuleOfTheEventNamesItsField() {
        rejected("{\"answerId\":\" \",\"labeller\":\"human\",\"correct\":true}", "answerId", "answerId is missing");
        rejected("{\"answerId\":\"" + "x".repeat(257) + "\",\"labeller\":\"human\",\"correct\":true}", "answerId", "longer than 256");
        rejected("{\"answerId\":\"a\",\"labeller\":\"gold\",\"correct\":true}", "labeller", "gold labels travel with the answer");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human: x\",\"correct\":true}", "labeller", "whitespace");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"score\":-0.01}", "score", "outside [0,1]");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"score\":0.5,\"threshold\":1.01}", "threshold", "outside [0,1]");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"goldOption\":\"ABCDEFGHIJKLMNOPQ\"}", "goldOption", "1..16");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"goldOption\":\"B\",\"score\":1}", "goldOption,score", "found 2");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"correct\":true,\"labelledAt\":\"2025-05-01T12:01:01Z\"}", "labelledAt", "future");
        rejected("{\"answerId\":\"a\",\"labeller\":\"human\",\"correct\":true,\"labelledAt\":\"2025-05-01T12:00:00\"}", "labelledAt", "offset");
        assertThat(read("{\"answerId\":\"a\",\"labeller\":\"human\",\"correct\":true,\"labelledAt\":\"2025-05-01T12:01:00Z\"}").labelledAt())
                .isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aGoldOptionIsCheckedAgainstTheAnswersOptionsAndWrittenAsTheAnswerSpellsIt() {
        KnownAnswers.Known mc = new KnownAnswers.Known("a", NOW.minusSeconds(60), List.of("A", "B"), "default");
        assertThat(LabelDesk.againstAnswer(read("{\"answerId\":\"a\",\"labeller\":\"human\",\"goldOption\":\" b \"}"), mc,
                Duration.ofMinutes(1)).goldOption()).isEqualTo("B");
        assertThatThrownBy(() -> LabelDesk.againstAnswer(read("{\"answerId\":\"a\",\"labeller\":\"human\",\"goldOption\":\"C\"}"), mc,
                Duration.ofMinutes(1))).hasMessage("'C' is not one of the answer's options [A, B]");
        KnownAnswers.Known free = new KnownAnswers.Known("a", NOW.minusSeconds(60), List.of(), "default");
        assertThatThrownBy(() -> LabelDesk.againstAnswer(read("{\"answerId\":\"a\",\"labeller\":\"human\",\"goldOption\":\"A\"}"), free,
                Duration.ofMinutes(1))).hasMessageContaining("free-form");
        KnownAnswers.Known later = new KnownAnswers.Known("a", NOW.plusSeconds(61), List.of(), "default");
        assertThatThrownBy(() -> LabelDesk.againstAnswer(read("{\"answerId\":\"a\",\"labeller\":\"human\",\"correct\":true}"), later,
                Duration.ofMinutes(1))).hasMessageContaining("before the answer");
    }

    @Test
    void theFeedReadsAnAnswersIdTimeAndOptionLabelsFromItsRecord() {
        AnswerEvent answer = AnswerEvents.of(new AnswerEvents.Answer("ans-1", NOW, "m", "s", "ingest", "openai-chat", 1, null, "q?",
                List.of(new ChoiceOption("A", "x"), new ChoiceOption("B", "y")), "B", null, null, "none", null, null, null, null));
        AnswerIndexFeed.AnswerSketch sketch = AnswerIndexFeed.AnswerSketch.read(EventJson.write(answer));
        assertThat(sketch).isEqualTo(new AnswerIndexFeed.AnswerSketch("ans-1", NOW, List.of("A", "B"), null));
        assertThat(AnswerIndexFeed.AnswerSketch.read(EventJson.write(answer.withTenant("acme"))).tenant()).isEqualTo("acme");
        assertThat(AnswerIndexFeed.AnswerSketch.read("{\"answerId\":\"x\"}")).isNull();
        assertThat(AnswerIndexFeed.AnswerSketch.read("not json")).isNull();
    }

    @Test
    void theFeedReadsTheSameFromTheRecordsKeyAndHeadersAndOnlyWhenItHasThem() {
        AnswerEvent answer = AnswerEvents.of(new AnswerEvents.Answer("ans-1", NOW, "m", "s", "ingest", "openai-chat", 1, null, "q?",
                List.of(new ChoiceOption("A", "x"), new ChoiceOption("B,C", "y")), "A", null, null, "none", null, null, null, null))
                .withTenant("acme");
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        io.cpa.event.AnswerHeaders.of(answer).forEach((name, value) -> headers.add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(AnswerIndexFeed.AnswerSketch.fromHeaders("ans-1", headers)).isEqualTo(AnswerIndexFeed.AnswerSketch.read(EventJson.write(answer)));
        // a record of an earlier version has none of them, and one without a key cannot name its answer
        assertThat(AnswerIndexFeed.AnswerSketch.fromHeaders("ans-1", new org.apache.kafka.common.header.internals.RecordHeaders())).isNull();
        assertThat(AnswerIndexFeed.AnswerSketch.fromHeaders(null, headers)).isNull();
        // and the feed's consumer leaves the value of such a record alone
        AnswerIndexFeed.ValueWithoutHeaders values = new AnswerIndexFeed.ValueWithoutHeaders();
        java.nio.ByteBuffer value = java.nio.ByteBuffer.wrap(EventJson.write(answer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(values.deserialize(io.cpa.event.Topics.ANSWERS, headers, value.duplicate())).isNull();
        assertThat(values.deserialize(io.cpa.event.Topics.ANSWERS, new org.apache.kafka.common.header.internals.RecordHeaders(), value.duplicate()))
                .isEqualTo(EventJson.write(answer));
    }
}

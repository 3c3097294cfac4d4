package io.cpa.event;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {
    static CertaintyEvent certainty() {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", 7L,
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"), 0.75, "option-ratio@1", "B",
                "B", true, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b. Fairly Certain"), 0.2, 12, 80, 4);
    }

    @Test
    void roundTripsAnEvent() {
        CertaintyEvent e = certainty();
        assertThat(EventJson.readCertainty(EventJson.write(e))).isEqualTo(e);
        assertThat(EventJson.write(e)).contains("\"answeredAt\":\"2026-01-02T03:04:05Z\"");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> EventJson.readCertainty("{nope")).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> EventJson.readCertainty("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> EventJson.readCertainty("{\"answerId\":\"x\"}")).hasMessage("missing schemaVersion");
        assertThatThrownBy(() -> EventJson.readCertainty("{\"schemaVersion\":2}"))
                .hasMessage("unsupported schemaVersion 2 for CertaintyEvent, expected 1");
        String noSequence = EventJson.write(certainty()).replace("\"sequence\":7,", "");
        assertThatThrownBy(() -> EventJson.readCertainty(noSequence))
                .hasMessage("invalid CertaintyEvent: field sequence: missing or null");
        String badIc = EventJson.write(certainty()).replace("\"ic\":0.75", "\"ic\":1.5");
        assertThatThrownBy(() -> EventJson.readCertainty(badIc)).hasMessageContaining("ic outside [0,1]: 1.5");
        assertThatThrownBy(() -> EventJson.readCertainty("")).hasMessage("empty record value");
    }

    @Test
    void aWholeRecordOfAnotherVersionOrWithATextualVersionGetsTheReasonOfTheCarefulRead() {
        // these bind in one pass; the version decides, as it did when every read built the tree first
        String valid = EventJson.write(certainty());
        assertThat(valid).contains("\"schemaVersion\":1,");
        assertThatThrownBy(() -> EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "\"schemaVersion\":2,")))
                .hasMessage("unsupported schemaVersion 2 for CertaintyEvent, expected 1");
        assertThatThrownBy(() -> EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "\"schemaVersion\":\"1\",")))
                .hasMessage("missing schemaVersion");
        assertThatThrownBy(() -> EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "\"schemaVersion\":true,")))
                .hasMessage("missing schemaVersion");
        assertThatThrownBy(() -> EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "\"schemaVersion\":null,")))
                .hasMessage("missing schemaVersion");
        assertThatThrownBy(() -> EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "")))
                .hasMessage("missing schemaVersion");
        assertThat(EventJson.readCertainty(valid.replace("\"schemaVersion\":1,", "\"schemaVersion\":1.0,"))).isEqualTo(certainty());
        assertThatThrownBy(() -> EventJson.readCertainty("null")).hasMessage("not a JSON object");
    }

    @Test
    void aSkipStandsForOneAnswerOrForSeveralAndSchemaOneIsStillRead() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        SkipEvent one = new SkipEvent(SkipEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", "r", SkipEvent.SAMPLING, at, at);
        assertThat(EventJson.write(one)).doesNotContain("answerIds");
        assertThat(one.answers()).containsExactly("a1");

        SkipEvent three = one.standingFor(java.util.List.of("a1", "a2", "a3"), at.plusSeconds(1));
        SkipEvent read = EventJson.readSkip(EventJson.write(three));
        assertThat(read).isEqualTo(three);
        assertThat(read.count()).isEqualTo(3);
        assertThat(read.perAnswer()).extracting(SkipEvent::answerId).containsExactly("a1", "a2", "a3");
        assertThat(read.perAnswer()).allSatisfy(s -> {
            assertThat(s.count()).isEqualTo(1);
            assertThat(s.reason()).isEqualTo(SkipEvent.SAMPLING);
            assertThat(s.seriesKey()).isEqualTo("m|s|cqp");
        });

        // as written before answerIds: version 1, one answer
        String v1 = "{\"schemaVersion\":1,\"answerId\":\"old\",\"seriesKey\":\"m|s|cqp\",\"model\":\"m\",\"source\":\"s\","
                + "\"variant\":\"cqp\",\"reason\":\"sampling\"}";
        assertThat(EventJson.readSkip(v1).answers()).containsExactly("old");
        assertThatThrownBy(() -> EventJson.readSkip(v1.replace("\"schemaVersion\":1", "\"schemaVersion\":3")))
                .hasMessage("unsupported schemaVersion 3 for SkipEvent, expected 1 to 2");
    }

    @Test
    void aSkipOfSeveralAnswersNamesItsOwnAnswerFirstAndEachAnswerOnce() {
        SkipEvent one = new SkipEvent(SkipEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", null, SkipEvent.SAMPLING, null, null);
        assertThatThrownBy(() -> one.standingFor(java.util.List.of("a2", "a1"), null)).hasMessageContaining("must start with answerId a1");
        assertThatThrownBy(() -> one.standingFor(java.util.List.of(), null)).hasMessageContaining("must start with answerId a1");
        assertThatThrownBy(() -> one.standingFor(java.util.List.of("a1", "a2", "a1"), null)).hasMessageContaining("repeat");
        String json = EventJson.write(one.standingFor(java.util.List.of("a1", "a2"), null)).replace("[\"a1\",\"a2\"]", "[\"a2\"]");
        assertThatThrownBy(() -> EventJson.readSkip(json)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("must start with answerId a1");
    }
}

package io.cpa.certainty;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.logprob.Json;
import io.cpa.prompt.CertaintyPromptVariant;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the parser over certainty-corpus.jsonl: messy replies with the expected status and value, one JSON object per
 * line ({@code reply, variant, status, value, note}); value is a level name for the Likert variants and a number for
 * {@code numeric}.
 */
class CertaintyParserCorpusTest {

    static Stream<Arguments> corpus() {
        List<JsonNode> rows = Json.lines("certainty/certainty-corpus.jsonl");
        return rows.stream().map(r -> Arguments.of(Named.of(
                r.get("variant").asText() + ": " + r.get("reply").asText().replace("\n", "\\n"), r)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parsesAsExpected(JsonNode row) {
        String reply = row.get("reply").asText();
        CertaintyPromptVariant variant = CertaintyPromptVariant.byName(row.get("variant").asText());
        ParseStatus expected = ParseStatus.valueOf(row.get("status").asText());

        VerbalizedCertainty vc = CertaintyParser.parse(reply, variant);

        assertThat(vc.status()).as(row.path("note").asText()).isEqualTo(expected);
        assertThat(vc.raw()).isEqualTo(reply);
        if (expected != ParseStatus.OK) {
            assertThat(vc.value()).isNull();
            return;
        }
        if (variant.numericScale()) {
            int n = row.get("value").asInt();
            assertThat(vc.numeric()).isEqualTo(n);
            assertThat(vc.level()).isNull();
            assertThat(vc.value()).isEqualTo((n - 1) / 99.0);
        } else {
            CertaintyLevel level = CertaintyLevel.valueOf(row.get("value").asText());
            assertThat(vc.level()).isEqualTo(level);
            assertThat(vc.value()).isEqualTo(level.value());
        }
    }

    @org.junit.jupiter.api.Test
    void corpusIsLargeAndCoversEveryStatusAndVariant() {
        List<JsonNode> rows = Json.lines("certainty/certainty-corpus.jsonl");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(80);
        assertThat(rows.stream().map(r -> r.get("status").asText()).distinct())
                .containsExactlyInAnyOrder("OK", "AMBIGUOUS", "NONE", "REFUSED");
        assertThat(rows.stream().map(r -> r.get("variant").asText()).distinct())
                .containsExactlyInAnyOrder("numeric", "lsu", "ttp-lsu", "oc-lsu", "cqp");
        for (CertaintyLevel level : CertaintyLevel.values()) {
            assertThat(rows).as(level.name()).anyMatch(r -> r.get("value").asText().equals(level.name()));
        }
    }

    @org.junit.jupiter.api.Test
    void nullReplyIsNoneWithEmptyRaw() {
        VerbalizedCertainty vc = CertaintyParser.parse(null, CertaintyPromptVariant.CQP);
        assertThat(vc.status()).isEqualTo(ParseStatus.NONE);
        assertThat(vc.raw()).isEmpty();
    }
}

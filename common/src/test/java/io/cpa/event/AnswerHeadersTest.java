package io.cpa.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The headers of an answer record say what its JSON says of its time, option labels and tenant. */
class AnswerHeadersTest {

    @Test
    void anAnswersHeadersAreItsTimeAndOptionLabelsAndNoTenantForTheDefault() {
        AnswerEvent answer = AnswerEventChecksTest.answer();
        assertThat(AnswerHeaders.of(answer)).containsExactly(
                java.util.Map.entry(AnswerHeaders.CREATED_AT, Long.toString(answer.createdAt().toEpochMilli())),
                java.util.Map.entry(AnswerHeaders.OPTIONS, "A,B"));
        assertThat(AnswerHeaders.of(answer.withTenant("acme"))).containsEntry(AnswerHeaders.TENANT, "acme");
    }

    @Test
    void theTimeRoundTripsToTheMillisecond() {
        Instant t = Instant.parse("2026-12-05T17:54:07.123456789Z");
        assertThat(AnswerHeaders.createdAt(AnswerHeaders.createdAt(t))).isEqualTo(Instant.parse("2026-12-05T17:54:07.123Z"));
        assertThatThrownBy(() -> AnswerHeaders.createdAt("2026-12-05T17:54:07Z")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void optionLabelsOfAnyCharactersRoundTrip() {
        List<List<String>> cases = List.of(List.of(), List.of("A"), List.of("A", "B", "C", "D", "E"), List.of("1", "2", "3", "4"),
                List.of("a,b", ",", "\\", "x\\,y", "ends\\"), List.of("Ä", "日本", "🙂,🙃", " "));
        for (List<String> labels : cases) {
            assertThat(AnswerHeaders.options(AnswerHeaders.options(labels))).as("%s", labels).isEqualTo(labels);
        }
        assertThat(AnswerHeaders.options(List.of("a,b", "c\\"))).isEqualTo("a\\,b,c\\\\");
    }

    @Test
    void aValueEndingInALoneEscapeIsRefused() {
        assertThatThrownBy(() -> AnswerHeaders.options("A,B\\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone escape");
    }
}

package io.cpa.certainty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.certainty.ProbabilisticVcReader.Reading;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.logprob.ValueMode;
import io.cpa.prompt.CertaintyPromptVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProbabilisticVcReaderTest {
    private static final double EPS = 1e-12;

    // ------------------------------------------------------------------ builders

    /** One generated token: its text and its alternatives as (token, probability) pairs; null probability = sentinel. */
    static TokenLogprob tok(String token, Object... alternatives) {
        List<TopLogprob> top = new ArrayList<>();
        for (int i = 0; i < alternatives.length; i += 2) {
            Double p = (Double) alternatives[i + 1];
            top.add(new TopLogprob((String) alternatives[i], null, null, p == null ? null : Math.log(p)));
        }
        Double own = top.stream().filter(t -> t.token().equals(token) && t.logprob() != null)
                .map(TopLogprob::logprob).findFirst().orElse(Math.log(0.5));
        return new TokenLogprob(token, null, null, own, top);
    }

    static TokenLogprobs reply(TokenLogprob... tokens) {
        int k = Stream.of(tokens).mapToInt(t -> t.topLogprobs().size()).max().orElse(0);
        return new TokenLogprobs(EndpointKind.OPENAI_CHAT, ValueMode.UNKNOWN, List.of(tokens), 0, k);
    }

    /** Masses by letter a..f, written in the order of the scale, turned into masses by rank (a = 5 ... f = 0). */
    static double[] byLetter(double a, double b, double c, double d, double e, double f) {
        return new double[]{f, e, d, c, b, a};
    }

    /** log2 C - (1/C) sum m log2 m: the entropy of m / C with C = sum m, the closed form the tests compare with. */
    static double entropyOf(double[] masses) {
        double c = 0;
        for (double m : masses) c += m;
        double s = 0;
        for (double m : masses) if (m > 0) s += m * log2(m);
        return log2(c) - s / c;
    }

    /** sum m_r r / (5 C). */
    static double expectationOf(double[] masses) {
        double c = 0, s = 0;
        for (int r = 0; r < masses.length; r++) {
            c += masses[r];
            s += masses[r] * r;
        }
        return s / (5 * c);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    // ------------------------------------------------------------------ present: the table

    static Stream<Arguments> present() {
        return Stream.of(
                // the letter form: a 0.05, b 0.7, c 0.2; "Based" names nothing. C = 0.95,
                // E = (5*0.05 + 4*0.7 + 3*0.2) / (5*0.95) = 3.65 / 4.75 = 0.768421...
                Arguments.of("letter form", reply(tok("b", "b", 0.7, "c", 0.2, "a", 0.05, "Based", 0.05), tok("."),
                                tok(" Fairly"), tok(" Certain")),
                        byLetter(0.05, 0.7, 0.2, 0, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // variants of one letter take the largest: b = max(0.5, 0.2, 0.1); "(c" 0.15; "**d" 0.05; C = 0.7
                Arguments.of("variants take the max", reply(tok("b", "b", 0.5, " B", 0.2, "B.", 0.1, "(c", 0.15, "**d", 0.05)),
                        byLetter(0, 0.5, 0.15, 0.05, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // a word that merely starts with a letter, or a cut phrase word, names nothing: b 0.6 only of the level tokens
                Arguments.of("Be, B1, Fair name nothing", reply(tok("b", "b", 0.6, "Be", 0.2, "B1", 0.1, "Fair", 0.1)),
                        byLetter(0, 0.6, 0, 0, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // leading markup is skipped; the top-k of "**" (a 0.9) is not read. a 0.4, b 0.6: E = (2 + 2.4)/5 = 0.88
                Arguments.of("markdown prefix skipped", reply(tok("**", "**", 0.05, "a", 0.9), tok("b", "b", 0.6, "a", 0.4), tok("**")),
                        byLetter(0.4, 0.6, 0, 0, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                Arguments.of("newline and bracket skipped", reply(tok("\n", "\n", 0.5, "f", 0.5), tok("(", "(", 0.9, "a", 0.1),
                                tok("c", "c", 0.5, "d", 0.25, "b", 0.25), tok(")")),
                        byLetter(0, 0.25, 0.5, 0.25, 0, 0), CertaintyLevel.MODERATELY_CERTAIN),
                // the phrase form by its first word: b 0.6, c 0.3, d 0.05, e 0.05; C = 1, E = (2.4 + 0.9 + 0.1 + 0.05)/5 = 0.69
                Arguments.of("phrase form", reply(tok(" Fairly", " Fairly", 0.6, " Moderately", 0.3, "Somewhat", 0.05, "Not", 0.05),
                                tok(" Certain")),
                        byLetter(0, 0.6, 0.3, 0.05, 0.05, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // letter and phrase of one level: the larger; b = max(0.3 "b", 0.4 "Fairly")
                Arguments.of("letter and phrase of one level", reply(tok("Fairly", "Fairly", 0.4, "b", 0.3, "c", 0.2)),
                        byLetter(0, 0.4, 0.2, 0, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // "Not" is Not Certain: e 0.8, d 0.2
                Arguments.of("not", reply(tok("Not", "Not", 0.8, " Somewhat", 0.2), tok(" Certain")),
                        byLetter(0, 0, 0, 0.2, 0.8, 0), CertaintyLevel.NOT_CERTAIN),
                // sampled "Very": split by the next token. a = max(0.1, 0.6*0.9) = 0.54, f = 0.6*0.05 = 0.03, b = 0.3
                Arguments.of("very split by the second token", reply(tok("Very", "Very", 0.6, "Fairly", 0.3, "a", 0.1),
                                tok(" Certain", " Certain", 0.9, " Uncertain", 0.05, " confident", 0.05)),
                        byLetter(0.54, 0.3, 0, 0, 0, 0.03), CertaintyLevel.VERY_CERTAIN),
                // markup between "Very" and its second word is skipped too: a = 0.9*0.2, f = 0.9*0.8
                Arguments.of("very then markup then uncertain", reply(tok("**Very", "**Very", 0.9, "Not", 0.1), tok("**", "**", 1.0),
                                tok(" Uncertain", " Uncertain", 0.8, " certain", 0.2)),
                        byLetter(0.18, 0, 0, 0, 0.1, 0.72), CertaintyLevel.VERY_UNCERTAIN),
                // sampled "a": the "Very" alternative is not split and counts for nothing. a 0.5, b 0.2
                Arguments.of("very not sampled is uncovered", reply(tok("a", "a", 0.5, "Very", 0.3, "b", 0.2),
                                tok(".", " Certain", 0.99)),
                        byLetter(0.5, 0.2, 0, 0, 0, 0), CertaintyLevel.VERY_CERTAIN),
                // sampled "Very" followed by neither word: "Very" uncovered, the letter a 0.1 alone -> one level, H = 0, E = 1
                Arguments.of("very with no second word", reply(tok("Very", "Very", 0.9, "a", 0.1), tok(" sure", " sure", 0.9)),
                        byLetter(0.1, 0, 0, 0, 0, 0), CertaintyLevel.VERY_CERTAIN),
                // sentinels are skipped, never 0 or 1
                Arguments.of("sentinel skipped", reply(tok("b", "b", 0.6, "c", null, "d", 0.2)),
                        byLetter(0, 0.6, 0, 0.2, 0, 0), CertaintyLevel.FAIRLY_CERTAIN),
                // uniform: H = log2 6, E = (0+1+2+3+4+5)/30 = 0.5; the tie goes to the higher rank
                Arguments.of("uniform", reply(tok("a", "a", 1 / 6.0, "b", 1 / 6.0, "c", 1 / 6.0, "d", 1 / 6.0, "e", 1 / 6.0, "f", 1 / 6.0)),
                        byLetter(1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0), CertaintyLevel.VERY_CERTAIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("present")
    void presentReadingsMatchTheClosedForms(String name, TokenLogprobs logprobs, double[] massesByRank, CertaintyLevel mode) {
        Reading r = ProbabilisticVcReader.read(logprobs);
        assertThat(r.absent()).as(name).isNull();
        ProbabilisticVc pvc = r.pvc();
        double covered = 0;
        for (double m : massesByRank) covered += m;
        for (int rank = 0; rank < 6; rank++) {
            assertThat(pvc.distribution().get(rank)).as(name + " rank " + rank).isCloseTo(massesByRank[rank] / covered, within(EPS));
        }
        assertThat(pvc.coveredMass()).as(name).isCloseTo(Math.min(1, covered), within(EPS));
        assertThat(pvc.expectation()).as(name).isCloseTo(expectationOf(massesByRank), within(EPS));
        assertThat(pvc.entropy()).as(name).isCloseTo(Math.max(0, entropyOf(massesByRank)), within(1e-9));
        assertThat(pvc.mode()).as(name).isEqualTo(mode);
        assertThat(r.outcome()).isEqualTo("present");
    }

    @Test
    void closedFormsOfTheLetterCaseByHand() {
        // the first table row spelled out, so the helpers themselves are checked against numbers
        Reading r = ProbabilisticVcReader.read(reply(tok("b", "b", 0.7, "c", 0.2, "a", 0.05)));
        assertThat(r.pvc().expectation()).isCloseTo(3.65 / 4.75, within(EPS));
        double pa = 0.05 / 0.95, pb = 0.7 / 0.95, pc = 0.2 / 0.95;
        assertThat(r.pvc().entropy()).isCloseTo(-(pa * log2(pa) + pb * log2(pb) + pc * log2(pc)), within(EPS));
        assertThat(r.pvc().coveredMass()).isCloseTo(0.95, within(EPS));
        assertThat(ProbabilisticVcReader.read(reply(tok("a", "a", 1 / 6.0, "b", 1 / 6.0, "c", 1 / 6.0, "d", 1 / 6.0,
                "e", 1 / 6.0, "f", 1 / 6.0))).pvc().entropy()).isCloseTo(ProbabilisticVc.MAX_ENTROPY, within(1e-9));
    }

    // ------------------------------------------------------------------ absent: the table

    static Stream<Arguments> absent() {
        return Stream.of(
                Arguments.of("null", null, ProbabilisticVc.ABSENT_NO_LOGPROBS),
                Arguments.of("no tokens", reply(), ProbabilisticVc.ABSENT_NO_LOGPROBS),
                Arguments.of("empty top-k", reply(tok("b"), tok(".")), ProbabilisticVc.ABSENT_NO_TOP_K),
                Arguments.of("empty top-k after markup", reply(tok("**", "**", 0.9, "b", 0.1), tok("b")), ProbabilisticVc.ABSENT_NO_TOP_K),
                // the reply does not begin with its level: the letter in the first token's top-k is not read
                Arguments.of("not a level token first", reply(tok("Based", "Based", 0.6, "b", 0.3), tok(" on")),
                        ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("I am", reply(tok("I", "I", 0.7, "a", 0.2), tok(" am")), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("a cut phrase word", reply(tok("Fair", "Fair", 0.7, "b", 0.2), tok("ly")), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("only markup", reply(tok("**", "**", 0.9), tok("\n", "\n", 0.9)), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("very with nothing after", reply(tok("Very", "Very", 0.9, "Quite", 0.1)), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("very, second word neither", reply(tok("Very", "Very", 0.9), tok(" sure", " sure", 0.9)),
                        ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("level alternatives all sentinels", reply(tok("b", "b", null, "c", null)), ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN),
                Arguments.of("underflow to 0", reply(new TokenLogprob("b", null, null, -1000.0,
                        List.of(new TopLogprob("b", null, null, -1000.0), new TopLogprob("c", null, null, -1200.0)))),
                        ProbabilisticVc.ABSENT_NO_LEVEL_TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absent")
    void absentReadingsSayWhy(String name, TokenLogprobs logprobs, String reason) {
        Reading r = ProbabilisticVcReader.read(logprobs);
        assertThat(r.pvc()).as(name).isNull();
        assertThat(r.absent()).as(name).isEqualTo(reason);
        assertThat(r.outcome()).isEqualTo(reason);
    }

    // ------------------------------------------------------------------ the mode is the parsed level

    static Stream<Arguments> typicalReplies() {
        return Stream.of(
                Arguments.of("b. Fairly Certain", reply(tok("b", "b", 0.8, "c", 0.1, "a", 0.05), tok("."), tok(" Fairly"), tok(" Certain"))),
                Arguments.of("**c**", reply(tok("**"), tok("c", "c", 0.7, "b", 0.2, "d", 0.1), tok("**"))),
                Arguments.of("(a) Very Certain", reply(tok("(a", "(a", 0.9, "(b", 0.1), tok(")"), tok(" Very"), tok(" Certain"))),
                Arguments.of("Fairly Certain", reply(tok("Fairly", "Fairly", 0.6, "Very", 0.3, "Moderately", 0.1), tok(" Certain"))),
                Arguments.of("Very Uncertain", reply(tok("Very", "Very", 0.8, "Not", 0.1, "a", 0.05),
                        tok(" Uncertain", " Uncertain", 0.7, " Certain", 0.3))),
                Arguments.of("Very Certain", reply(tok("Very", "Very", 0.95, "Fairly", 0.05),
                        tok(" Certain", " Certain", 0.99, " Uncertain", 0.01))),
                Arguments.of("Not Certain", reply(tok("Not", "Not", 0.6, "Somewhat", 0.3, "e", 0.1), tok(" Certain"))),
                Arguments.of("d", reply(tok("d", "d", 0.5, "D", 0.3, "c", 0.2))),
                Arguments.of("F. Very Uncertain", reply(tok("F", "F", 0.7, "E", 0.3), tok("."), tok(" Very"), tok(" Uncertain"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typicalReplies")
    void theModeIsTheParsedLevel(String text, TokenLogprobs logprobs) {
        assertThat(logprobs.text()).isEqualTo(text);
        VerbalizedCertainty parsed = CertaintyParser.parseLevels(text);
        assertThat(parsed.ok()).as(text).isTrue();
        assertThat(ProbabilisticVcReader.read(logprobs).pvc().mode()).as(text).isEqualTo(parsed.level());
    }

    // ------------------------------------------------------------------ from the reply as the service gets it

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode chat(String content, String logprobs) throws Exception {
        return JSON.readTree("{\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"logprobs\":" + logprobs
                + ",\"finish_reason\":\"stop\"}]}");
    }

    static final String B_LOGPROBS = "{\"content\":[{\"token\":\"b\",\"logprob\":-0.2231435513142097,\"top_logprobs\":["
            + "{\"token\":\"b\",\"logprob\":-0.2231435513142097},{\"token\":\"c\",\"logprob\":-1.6094379124341003}]},"
            + "{\"token\":\".\",\"logprob\":0.0,\"top_logprobs\":[]}]}";

    @Test
    void aReplyBodyWithLogprobsGivesTheDistribution() throws Exception {
        // b 0.8, c 0.2 -> p(b) = 0.8, p(c) = 0.2, E = (4*0.8 + 3*0.2)/5 = 0.76
        Reading r = ProbabilisticVcReader.read(CertaintyPromptVariant.CQP, true, chat("b.", B_LOGPROBS));
        assertThat(r.pvc().expectation()).isCloseTo(0.76, within(EPS));
        assertThat(r.pvc().mode()).isEqualTo(CertaintyParser.parseLevels("b.").level());
    }

    @Test
    void theReasonsOfTheReplyBodyComeInTheirOrder() throws Exception {
        // numeric first, whatever came back; then not asked; then what the body holds
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.NUMERIC, true, chat("b.", B_LOGPROBS)).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NUMERIC_SCALE);
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.NUMERIC, false, null).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NUMERIC_SCALE);
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.LSU, false, chat("b.", B_LOGPROBS)).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NOT_ASKED);
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.OC_LSU, true, chat("b.", "null")).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NO_LOGPROBS);
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.TTP_LSU, true, chat("b.", "{\"content\":[]}")).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NO_LOGPROBS);
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.CQP, true, null).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_NO_LOGPROBS);
    }

    @Test
    void malformedLogprobsLoseOnlyTheSignal() throws Exception {
        String positive = B_LOGPROBS.replace("-1.6094379124341003", "0.5");
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.CQP, true, chat("b.", positive)).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_INVALID_LOGPROBS);
        String noValue = "{\"content\":[{\"token\":\"b\",\"top_logprobs\":[]}]}";
        assertThat(ProbabilisticVcReader.read(CertaintyPromptVariant.CQP, true, chat("b.", noValue)).absent())
                .isEqualTo(ProbabilisticVc.ABSENT_INVALID_LOGPROBS);
    }

    // ------------------------------------------------------------------ the event carries it

    static CertaintyEvent event(ProbabilisticVc pvc, String absent) {
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, "a1", "m|s|cqp", "m", "s", "cqp", 7L,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), 0.9, "option-ratio@1", "B",
                "B", true, VerbalizedCertainty.ofLevel(CertaintyLevel.FAIRLY_CERTAIN, "b. Fairly Certain"), 0.2, 12, 80, 4,
                null, null, "r", "m", "self", null, pvc, absent);
    }

    @Test
    void theEventCarriesTheDistributionOrTheReasonThroughJson() throws Exception {
        ProbabilisticVc pvc = ProbabilisticVcReader.read(reply(tok("b", "b", 0.7, "c", 0.2, "a", 0.05))).pvc();
        CertaintyEvent present = event(pvc, null);
        String json = EventJson.write(present);
        assertThat(EventJson.readCertainty(json)).isEqualTo(present);
        JsonNode tree = JSON.readTree(json);
        assertThat(tree.path("probabilisticVc").path("distribution")).hasSize(6);
        assertThat(tree.path("probabilisticVc").path("mode").asText()).isEqualTo("FAIRLY_CERTAIN");
        assertThat(tree.has("probabilisticVcAbsent")).isFalse();

        CertaintyEvent absent = event(null, ProbabilisticVc.ABSENT_NOT_ASKED);
        String absentJson = EventJson.write(absent);
        assertThat(EventJson.readCertainty(absentJson)).isEqualTo(absent);
        assertThat(JSON.readTree(absentJson).path("probabilisticVcAbsent").asText()).isEqualTo("not-asked");
        assertThat(JSON.readTree(absentJson).has("probabilisticVc")).isFalse();
    }

    @Test
    void aBrokenDistributionOrBothFieldsAreAClearErrorOnRead() throws Exception {
        ProbabilisticVc pvc = ProbabilisticVcReader.read(reply(tok("b", "b", 0.7, "c", 0.2, "a", 0.05))).pvc();
        String json = EventJson.write(event(pvc, null));
        String fiveLevels = json.replaceFirst("\\[0\\.0,", "[");
        assertThatThrownBy(() -> EventJson.readCertainty(fiveLevels)).isInstanceOf(io.cpa.event.InvalidEventException.class)
                .hasMessageContaining("probabilisticVc distribution needs 6 probabilities, has 5");
        String both = json.replace("\"probabilisticVc\":", "\"probabilisticVcAbsent\":\"no-top-k\",\"probabilisticVc\":");
        assertThatThrownBy(() -> EventJson.readCertainty(both)).isInstanceOf(io.cpa.event.InvalidEventException.class)
                .hasMessageContaining("probabilisticVcAbsent must be null when probabilisticVc is present");
    }
}

package io.cpa.confidence;

import io.cpa.logprob.EndpointKind;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.logprob.TopLogprob;
import io.cpa.logprob.ValueMode;
import io.cpa.logprob.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptionConfidenceTest {
    private static final List<String> ABCDE = List.of("A", "B", "C", "D", "E");

    /** A first token with the given top-k alternatives as (token, probability) pairs; null probability = sentinel. */
    private static TokenLogprobs firstToken(String token, Object... alternatives) {
        List<TopLogprob> top = new ArrayList<>();
        for (int i = 0; i < alternatives.length; i += 2) {
            Double p = (Double) alternatives[i + 1];
            top.add(new TopLogprob((String) alternatives[i], null, null, p == null ? null : Math.log(p)));
        }
        Double own = top.stream().filter(t -> t.token().equals(token)).map(TopLogprob::logprob).findFirst().orElse(-1.0);
        // a second token whose top-k would change the result if it were (wrongly) read
        TokenLogprob second = new TokenLogprob(".", null, null, Math.log(0.9),
                List.of(new TopLogprob("C", null, null, Math.log(0.99))));
        return new TokenLogprobs(EndpointKind.OPENAI_CHAT, ValueMode.UNKNOWN,
                List.of(new TokenLogprob(token, null, null, own, top), second), 0, top.size());
    }

    @Test
    void ratioOfProbabilitiesNotTheReleasedExpRatio() {
        // B: max(0.6, " B" 0.2) = 0.6; C 0.1; A 0.05; D = E = 0; "Because" is not an option.
        // P_M = 0.6, P_S = 0.6 + 0.1 + 0.05 = 0.75, IC = 0.6 / 0.75 = 0.8.
        // The released code's exp(P_M) / exp(P_S) = exp(0.6 - 0.75) = exp(-0.15) = 0.860707976...
        TokenLogprobs lp = firstToken("B", "B", 0.6, " B", 0.2, "C", 0.1, "A", 0.05, "Because", 0.05);
        InternalConfidence ic = OptionConfidence.compute(lp, ABCDE);

        assertThat(ic.value()).isCloseTo(0.8, within(1e-12));
        assertThat(ic.value()).isNotCloseTo(0.8607079764250578, within(1e-3));
        assertThat(ic.chosenOption()).isEqualTo("B");
        assertThat(ic.aggregator()).isEqualTo("option-ratio");
        assertThat(ic.version()).isEqualTo(1);
        assertThat(ic.missingReason()).isNull();
    }

    @Test
    void variantsOfOneOptionTakeTheirMaximum() {
        // "b" 0.3, " B" 0.4, "B." 0.1 -> P_B = 0.4; "(C" 0.15 -> P_C = 0.15.
        // IC = 0.4 / (0.4 + 0.15) = 0.727272...
        TokenLogprobs lp = firstToken("b", "b", 0.3, " B", 0.4, "B.", 0.1, "(C", 0.15);
        InternalConfidence ic = OptionConfidence.compute(lp, ABCDE);
        assertThat(ic.value()).isCloseTo(0.4 / 0.55, within(1e-12));
        assertThat(ic.chosenOption()).isEqualTo("B");
    }

    @Test
    void punctuationAndMarkdownVariantsDenoteTheOption() {
        for (String variant : List.of("B", "b", " B", "B.", "(B", "B)", "**B", " b)", "\u2581B", "\uFF22", "\"B\"", "\nB:")) {
            TokenLogprobs lp = firstToken(variant, variant, 0.5, "C", 0.5);
            InternalConfidence ic = OptionConfidence.compute(lp, ABCDE);
            // P_B = P_C = 0.5 -> IC = 0.5, tie broken towards the earlier label B
            assertThat(ic.value()).as(variant).isCloseTo(0.5, within(1e-12));
            assertThat(ic.chosenOption()).as(variant).isEqualTo("B");
        }
    }

    @Test
    void tokensThatOnlyStartWithTheLetterAreNotOptions() {
        // "An" 0.5 and "Because" 0.2 are words, not options; "A." 0.2 and "B" 0.1 are.
        // P_A = 0.2, P_B = 0.1, IC = 0.2 / 0.3 = 0.666...  (reading "An" as A would give 0.5 / 0.6 = 0.833...)
        TokenLogprobs lp = firstToken("An", "An", 0.5, "A.", 0.2, "Because", 0.2, "B", 0.1);
        InternalConfidence ic = OptionConfidence.compute(lp, List.of("A", "B"));
        assertThat(ic.value()).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(ic.chosenOption()).isEqualTo("A");
    }

    @Test
    void eightOptions() {
        // A .05, B .10, C .05, D .40, E .05, F .05, G .10, H .10: P_S = 0.90, P_M = 0.40 (D), IC = 0.444...
        TokenLogprobs lp = firstToken("D", "D", 0.40, "B", 0.10, "G", 0.10, " H", 0.10, "A", 0.05, "C", 0.05,
                "E", 0.05, "F", 0.05);
        InternalConfidence ic = OptionConfidence.compute(lp, List.of("A", "B", "C", "D", "E", "F", "G", "H"));
        assertThat(ic.value()).isCloseTo(0.4 / 0.9, within(1e-12));
        assertThat(ic.chosenOption()).isEqualTo("D");
    }

    @Test
    void numericLabels() {
        // "1" .1, " 2" .3, "3." .5, "4)" .05; "10" is not label 1. P_S = 0.95, IC = 0.5 / 0.95 = 0.526315...
        TokenLogprobs lp = firstToken("3", "3.", 0.5, " 2", 0.3, "1", 0.1, "10", 0.05, "4)", 0.05);
        InternalConfidence ic = OptionConfidence.compute(lp, List.of("1", "2", "3", "4"));
        assertThat(ic.value()).isCloseTo(0.5 / 0.95, within(1e-12));
        assertThat(ic.chosenOption()).isEqualTo("3");
    }

    @Test
    void sentinelsAreSkippedNotReadAsZeroProbabilityOptions() {
        // C is a sentinel (outside top-k): it contributes nothing. P_A = 0.3, P_B = 0.6, IC = 0.6 / 0.9 = 0.666...
        TokenLogprobs lp = firstToken("B", "B", 0.6, "A", 0.3, "C", null);
        assertThat(OptionConfidence.compute(lp, ABCDE).value()).isCloseTo(2.0 / 3.0, within(1e-12));

        TokenLogprobs onlySentinels = firstToken("The", "The", 0.9, "A", null, "B", null);
        InternalConfidence missing = OptionConfidence.compute(onlySentinels, ABCDE);
        assertThat(missing.present()).isFalse();
        assertThat(missing.missingReason()).contains("no option token").contains("'The'");
    }

    @Test
    void missingWhenNoOptionTokenOrNoLogprobs() {
        InternalConfidence none = OptionConfidence.compute(firstToken("The", "The", 0.6, "Because", 0.3), ABCDE);
        assertThat(none.value()).isNull();
        assertThat(none.chosenOption()).isNull();
        assertThat(none.missingReason()).contains("no option token among the 2 alternatives");
        assertThat(none.aggregator()).isEqualTo("option-ratio");

        assertThat(OptionConfidence.compute(null, ABCDE).missingReason()).isEqualTo("no logprobs");
        TokenLogprobs empty = new TokenLogprobs(EndpointKind.OPENAI_CHAT, ValueMode.UNKNOWN, List.of(), 0, 0);
        assertThat(OptionConfidence.compute(empty, ABCDE).missingReason()).isEqualTo("no logprobs");
    }

    @Test
    void labelsAreValidated() {
        TokenLogprobs lp = firstToken("A", "A", 0.5);
        assertThatThrownBy(() -> OptionConfidence.compute(lp, List.of("A"))).hasMessageContaining("2 to 8");
        assertThatThrownBy(() -> OptionConfidence.compute(lp, List.of("A", "B", "C", "D", "E", "F", "G", "H", "I")))
                .hasMessageContaining("2 to 8");
        assertThatThrownBy(() -> OptionConfidence.compute(lp, List.of("A", "a"))).hasMessageContaining("duplicate");
    }

    @Test
    void endToEndFromAnOpenAiResponse() {
        // openai-chat.json, first token top-k: B -0.0123, C -4.61, " B" -6.2, A -7.5, "The" sentinel.
        // P_B = max(e^-0.0123, e^-6.2) = 0.98777533580685, P_C = e^-4.61 = 0.00995181830785,
        // P_A = e^-7.5 = 0.00055308437015; IC = 0.98777533580685 / 0.99827... = 0.98947700027205
        TokenLogprobs lp = LogprobParsers.parse(Json.resource("logprob/openai-chat.json"));
        InternalConfidence ic = OptionConfidence.compute(lp, ABCDE);
        assertThat(ic.value()).isCloseTo(0.9894770002720478, within(1e-12));
        assertThat(ic.chosenOption()).isEqualTo("B");
    }

    @Test
    void emptyTopKOfTheFirstTokenGivesNoIcRatherThanOne() {
        TokenLogprobs sampledOnly = firstToken("B");
        InternalConfidence ic = OptionConfidence.compute(sampledOnly, List.of("A", "B", "C"));
        assertThat(ic.value()).isNull();
        assertThat(ic.missingReason()).isEqualTo(OptionConfidence.EMPTY_TOP_K);
    }
}

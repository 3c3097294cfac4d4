package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CertaintyTokensTest {

    /** A belief peaked at b (index 1) with some mass on a and c and little beyond. */
    static final double[] BELIEF = {0.2, 0.6, 0.12, 0.05, 0.02, 0.01};

    static double[] log(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Math.log(p[i]);
        return out;
    }

    @Test
    void splitGivesTokensThatConcatenateToTheText() {
        for (String s : List.of("b. Fairly Certain", "b", "b.", "Very Uncertain", "**85**", "Certainty: 85%",
                "I'm sorry, but I can't assess how certain that answer is.",
                "a. Very Certain\nb. Fairly Certain\nc. Moderately Certain", "85/100 ")) {
            assertThat(String.join("", CertaintyTokens.split(s))).isEqualTo(s);
        }
        assertThat(CertaintyTokens.split("b. Fairly Certain")).containsExactly("b", ".", " Fairly", " Certain");
    }

    @Test
    void aLetterFirstReplyCarriesTheBeliefInItsFirstToken() {
        List<GeneratedToken> tokens = CertaintyTokens.build("b. Fairly Certain", log(BELIEF), 20, new SplittableRandom(1));
        assertThat(tokens).extracting(GeneratedToken::token).containsExactly("b", ".", " Fairly", " Certain");
        GeneratedToken first = tokens.get(0);
        assertThat(first.topLogprobs()).hasSize(20);
        assertThat(first.topLogprobs().get(0).token()).isEqualTo("b");
        assertThat(first.logprob()).isEqualTo(first.topLogprobs().get(0).logprob());
        double covered = 0, total = 0;
        double[] letter = new double[6];
        for (GeneratedToken.Alternative a : first.topLogprobs()) {
            double p = Math.exp(a.logprob());
            total += p;
            int l = CertaintyTokens.LETTERS.indexOf(a.token());
            if (l >= 0) {
                letter[l] = p;
                covered += p;
            }
        }
        assertThat(covered).isBetween(0.95, 0.999);
        assertThat(total).isLessThanOrEqualTo(1.0 + 1e-9);
        for (int l = 0; l < 6; l++) assertThat(letter[l] / covered).isCloseTo(BELIEF[l], within(1e-9));
        for (int i = 1; i < first.topLogprobs().size(); i++) {
            assertThat(first.topLogprobs().get(i).logprob()).isLessThanOrEqualTo(first.topLogprobs().get(i - 1).logprob());
        }
        // the tokens after the level are near certain and their alternatives name no level
        for (GeneratedToken t : tokens.subList(1, tokens.size())) {
            assertThat(Math.exp(t.logprob())).isBetween(0.9, 0.999);
            assertNoLevelAmong(t.topLogprobs().subList(1, t.topLogprobs().size()));
        }
    }

    @Test
    void aSampledLevelThatIsNotTheModeKeepsItsOwnLogprob() {
        GeneratedToken first = CertaintyTokens.build("c", log(BELIEF), 5, new SplittableRandom(2)).get(0);
        assertThat(first.token()).isEqualTo("c");
        assertThat(first.topLogprobs()).extracting(GeneratedToken.Alternative::token).startsWith("b", "a", "c");
        assertThat(first.logprob()).isEqualTo(first.topLogprobs().get(2).logprob());
    }

    @Test
    void veryHoldsBothExtremesAndTheNextTokenSplitsThem() {
        double[] belief = {0.3, 0.1, 0.05, 0.05, 0.1, 0.4};
        List<GeneratedToken> tokens = CertaintyTokens.build("Very Uncertain", log(belief), 20, new SplittableRandom(3));
        assertThat(tokens).extracting(GeneratedToken::token).containsExactly("Very", " Uncertain");
        GeneratedToken first = tokens.get(0);
        double fairly = Math.exp(first.topLogprobs().stream().filter(a -> a.token().equals("Fairly")).findFirst().orElseThrow().logprob());
        assertThat(Math.exp(first.logprob()) / fairly).isCloseTo(0.7 / 0.1, within(1e-9));
        GeneratedToken second = tokens.get(1);
        double certain = Math.exp(second.topLogprobs().stream().filter(a -> a.token().equals(" Certain")).findFirst().orElseThrow().logprob());
        assertThat(Math.exp(second.logprob()) / certain).isCloseTo(0.4 / 0.3, within(1e-9));
        double[] read = FirstTokenLevels.masses(tokens);
        double sum = 0;
        for (double m : read) sum += m;
        for (int l = 0; l < 6; l++) assertThat(read[l] / sum).isCloseTo(belief[l], within(1e-9));
    }

    @Test
    void aReplyWithoutALevelHasNoLevelTokenInItsTopK() {
        for (String messy : List.of("Hard to say.", "I'm sorry, but I can't assess how certain that answer is.",
                "The answer is plausible given the question.", "Somewhere between 60 and 80.", "85")) {
            for (GeneratedToken t : CertaintyTokens.build(messy, null, 20, new SplittableRandom(4))) {
                assertThat(t.topLogprobs()).hasSize(20);
                assertNoLevelAmong(t.topLogprobs());
            }
        }
    }

    @Test
    void topKKeepsTheFirstKAlternatives() {
        List<GeneratedToken> all = CertaintyTokens.build("b. Fairly Certain", log(BELIEF), 20, new SplittableRandom(5));
        List<GeneratedToken> three = CertaintyTokens.topK(all, 3);
        assertThat(three.get(0).topLogprobs()).isEqualTo(all.get(0).topLogprobs().subList(0, 3));
        assertThat(CertaintyTokens.topK(all, 0).get(0).topLogprobs()).isEmpty();
    }

    static void assertNoLevelAmong(List<GeneratedToken.Alternative> alternatives) {
        for (GeneratedToken.Alternative a : alternatives) {
            String t = a.token().replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
            assertThat(t).as("alternative '%s'", a.token())
                    .isNotIn("a", "b", "c", "d", "e", "f", "very", "fairly", "moderately", "somewhat", "not");
        }
    }
}

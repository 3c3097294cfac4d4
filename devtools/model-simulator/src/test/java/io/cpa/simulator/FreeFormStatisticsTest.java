package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Free-form answers: the mean-token-logprob IC a client computes, against the certainty the simulator gives later. */
class FreeFormStatisticsTest {

    static String question(int q) {
        return "In a few sentences, why does thing number " + q + " behave the way it does?";
    }

    /** The caller's bounded quote: the first n characters and the marker. */
    static String cut(String answer, int n) {
        return answer.length() <= n ? answer : answer.substring(0, n) + "… [cut at " + n + " of " + answer.length() + " characters]";
    }

    /** The mean-logprob aggregator, computed here from the emitted tokens: exp(mean logprob). */
    static double meanLogprobIc(SimulatorEngine.Reply r) {
        double sum = 0;
        for (GeneratedToken t : r.tokens()) sum += t.logprob();
        return Math.exp(sum / r.tokens().size());
    }

    @ParameterizedTest
    @CsvSource({"0.42,ttp-lsu,100000", "0.42,numeric,100000", "0.42,lsu,40", "-0.3,ttp-lsu,60", "0.1,numeric,40"})
    void spearmanOfMeanLogprobIcAndParsedVcIsTheConfiguredRho(double rho, String variant, int quoteLimit) {
        SimulatorEngine engine = new SimulatorEngine(
                SimulatorConfig.fromValues(Map.of("rho", Double.toString(rho), "seed", "77")), QuestionBank.empty());
        int n = 5_000;
        double[] ic = new double[n], vc = new double[n];
        boolean numeric = variant.equals("numeric");
        for (int i = 0; i < n; i++) {
            String q = question(i % 900);
            SimulatorEngine.Reply a = engine.complete(EngineStatisticsTest.request(q, true, 3));
            assertThat(a.kind()).isEqualTo(SimulatorEngine.Kind.FREE_FORM);
            ic[i] = meanLogprobIc(a);
            SimulatorEngine.Reply c = engine.complete(EngineStatisticsTest.request(
                    Prompts.certainty(variant, q, "", cut(a.content(), quoteLimit)), false, 0));
            assertThat(c.certainty().fallback()).as("certainty about '%s'", a.content()).isFalse();
            OptionalDouble v = TinyCertaintyParser.value(c.content(), numeric);
            assertThat(v).as("reply '%s'", c.content()).isPresent();
            vc[i] = v.getAsDouble();
        }
        assertThat(engine.stats().certaintyFallbacks()).isZero();
        double reached = MidRankSpearman.rho(ic, vc);
        System.out.printf("free-form rho configured %.2f, variant %s, quote limit %d: reached %.4f over %d answers%n",
                rho, variant, quoteLimit, reached, n);
        assertThat(reached).isCloseTo(rho, within(0.04));
    }

    @Test
    void tokensJoinToTheAnswerAndTheirGeometricMeanIsTheLatentIc() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "5", "calibrationSamples", "20000")),
                QuestionBank.empty());
        for (int i = 0; i < 200; i++) {
            SimulatorEngine.Reply a = engine.complete(EngineStatisticsTest.request(question(i), true, 4));
            StringBuilder joined = new StringBuilder();
            for (GeneratedToken t : a.tokens()) {
                joined.append(t.token());
                assertThat(t.logprob()).isLessThanOrEqualTo(0.0);
                assertThat(t.topLogprobs()).hasSize(4);
                assertThat(t.topLogprobs().get(0).logprob()).isEqualTo(t.logprob());
                double total = 0;
                for (GeneratedToken.Alternative alt : t.topLogprobs()) {
                    assertThat(alt.logprob()).isLessThanOrEqualTo(t.logprob());
                    total += Math.exp(alt.logprob());
                }
                assertThat(total).isLessThanOrEqualTo(1.0 + 1e-12);
            }
            assertThat(joined.toString()).isEqualTo(a.content());
            assertThat(meanLogprobIc(a)).isCloseTo(a.freeForm().latentIc(), within(1e-9));
            assertThat(engine.model().internalConfidence(a.freeForm().draw().z1())).isEqualTo(a.freeForm().latentIc());
        }
    }

    @Test
    void aCutQuoteAndARepeatPairWithTheQuotedAnswer() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "6", "calibrationSamples", "20000")),
                QuestionBank.empty());
        String q = question(1);
        SimulatorEngine.Reply first = engine.complete(EngineStatisticsTest.request(q, false, 0));
        SimulatorEngine.Reply second = engine.complete(EngineStatisticsTest.request(q, false, 0));
        LatentModel m = engine.model();
        int differ = 0;
        while (differ < Math.min(first.content().length(), second.content().length())
                && first.content().charAt(differ) == second.content().charAt(differ)) differ++;
        int limit = differ + 5;
        assertThat(limit).as("the seed gives two answers that differ").isLessThan(second.content().length());
        // second asked first, by a cut quote: it must get the second answer's draw, not the oldest one's
        for (SimulatorEngine.Reply answer : java.util.List.of(second, first)) {
            SimulatorEngine.Reply c = engine.complete(EngineStatisticsTest.request(
                    Prompts.certainty("ttp-lsu", q, "", cut(answer.content(), limit)), false, 0));
            assertThat(c.certainty().fallback()).isFalse();
            assertThat(c.certainty().level()).isEqualTo(m.sixLevelIndex(answer.freeForm().draw(), 0.2));
        }
        SimulatorEngine.Reply again = engine.complete(EngineStatisticsTest.request(
                Prompts.certainty("ttp-lsu", q, "", first.content()), false, 0));
        assertThat(again.certainty().level()).isEqualTo(m.sixLevelIndex(first.freeForm().draw(), 0.2));
        assertThat(engine.stats().certaintyRepeats()).isEqualTo(1);
        // the caller quoted the question differently: the answer's text alone still finds its draw
        SimulatorEngine.Reply otherQuestion = engine.complete(EngineStatisticsTest.request(
                Prompts.certainty("numeric", "something else entirely", "", first.content()), false, 0));
        assertThat(otherQuestion.certainty().fallback()).isFalse();
        assertThat(otherQuestion.certainty().numeric()).isEqualTo(m.numericValue(first.freeForm().draw(), 0.2));
    }
}

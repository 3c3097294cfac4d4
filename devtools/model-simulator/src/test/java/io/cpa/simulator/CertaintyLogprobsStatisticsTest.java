package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Certainty calls that ask for logprobs, checked in-process on what a client sees: the reply's text and tokens. */
class CertaintyLogprobsStatisticsTest {

    static final List<String> LABELS = EngineStatisticsTest.LABELS;

    static SimulatorEngine.Request certaintyRequest(String text, Double temperature, int k) {
        return new SimulatorEngine.Request("cpa-simulator", text, true, k, null, false, 1, List.of(),
                SimulatorEngine.ToolChoice.AUTO, temperature);
    }

    static SimulatorEngine.Reply answer(SimulatorEngine engine, int q) {
        return engine.complete(EngineStatisticsTest.request(Prompts.answer(EngineStatisticsTest.question(q), LABELS,
                EngineStatisticsTest.texts(q)), true, 5));
    }

    static SimulatorEngine.Reply cqp(SimulatorEngine engine, int q, String answer, Double temperature) {
        return engine.complete(certaintyRequest(Prompts.certainty("cqp", EngineStatisticsTest.question(q),
                Prompts.options(LABELS, EngineStatisticsTest.texts(q)), answer), temperature, 20));
    }

    /**
     * The expectation of the first token's distribution is a continuous read of the latent the parsed level is a
     * six-way, sampled cut of: over 20,000 answers at default settings it correlates with IC at least as strongly.
     */
    @Test
    void expectationOfTheFirstTokenDistributionTracksIcAtLeastAsWellAsTheParsedLevel() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "2718")), QuestionBank.empty());
        int n = 20_000;
        double[] ic = new double[n], parsed = new double[n], expectation = new double[n];
        int modeIsParsed = 0;
        for (int i = 0; i < n; i++) {
            int q = i % 900;
            SimulatorEngine.Reply a = answer(engine, q);
            ic[i] = EngineStatisticsTest.icFrom(a, LABELS);
            SimulatorEngine.Reply c = cqp(engine, q, a.content(), 0.2);
            int level = TinyCertaintyParser.level(c.content());
            assertThat(level).as("reply '%s'", c.content()).isEqualTo(c.certainty().level());
            String first = c.tokens().get(0).token();
            assertThat(first).as("the first token names the level").isIn(CertaintyTokens.LETTERS.get(level),
                    CertaintyTokens.PHRASE_HEADS.get(level));
            double[] masses = FirstTokenLevels.masses(c.tokens());
            parsed[i] = (5 - level) / 5.0;
            expectation[i] = FirstTokenLevels.expectation(masses);
            int mode = 0;
            for (int l = 1; l < 6; l++) if (masses[l] > masses[mode]) mode = l;
            if (mode == level) modeIsParsed++;
        }
        assertThat(engine.stats().certaintyFallbacks()).isZero();
        double rhoParsed = MidRankSpearman.rho(ic, parsed), rhoExpectation = MidRankSpearman.rho(ic, expectation);
        System.out.printf("20,000 answers at defaults: rho(expectation, IC) %.4f, rho(parsed level, IC) %.4f, mode = parsed %.4f%n",
                rhoExpectation, rhoParsed, modeIsParsed / (double) n);
        assertThat(rhoParsed).isCloseTo(0.42, within(0.02));
        assertThat(rhoExpectation).isGreaterThanOrEqualTo(rhoParsed);
        assertThat(modeIsParsed / (double) n).as("at 0.2 the sampled level is mostly, not always, the mode").isBetween(0.8, 0.99);
    }

    /** The same answers (one seed, so the same draws) asked at three temperatures: VC spreads as T rises. */
    @Test
    void vcSpreadsWithTheCertaintyCallsTemperature() {
        int n = 20_000;
        double[] sd = new double[3];
        Double[] temperatures = {0.0, 0.2, 1.0};
        int[][] levels = new int[3][n];
        for (int t = 0; t < 3; t++) {
            SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "99")), QuestionBank.empty());
            double[] vc = new double[n];
            for (int i = 0; i < n; i++) {
                int q = i % 900;
                SimulatorEngine.Reply c = cqp(engine, q, answer(engine, q).content(), temperatures[t]);
                assertThat(c.certainty().temperature()).isEqualTo(temperatures[t]);
                levels[t][i] = c.certainty().level();
                vc[i] = (5 - levels[t][i]) / 5.0;
            }
            sd[t] = sd(vc);
        }
        System.out.printf("VC sd through the engine at T = 0, 0.2, 1.0: %.4f %.4f %.4f%n", sd[0], sd[1], sd[2]);
        assertThat(sd[2]).isGreaterThan(sd[1] + 0.004).isGreaterThan(sd[0] + 0.004);
        int moved = 0;
        for (int i = 0; i < n; i++) if (levels[1][i] != levels[0][i]) moved++;
        assertThat(moved).as("0.2 moves some levels off the greedy one").isPositive();
    }

    @Test
    void aCallWithoutTemperatureIsSampledAtTheCalibrationTemperature() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "5", "calibrationSamples", "20000",
                "calibrationTemperature", "0.7")), QuestionBank.empty());
        for (int q = 0; q < 300; q++) {
            SimulatorEngine.Reply a = answer(engine, q);
            SimulatorEngine.Reply c = cqp(engine, q, a.content(), null);
            assertThat(c.certainty().temperature()).isEqualTo(0.7);
            assertThat(c.certainty().level()).isEqualTo(engine.model().sixLevelIndex(a.answer().draw(), 0.7));
        }
    }

    @Test
    void aRepeatShowsTheSameFirstTokenDistributionAndMessyRepliesNameNoLevel() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "8", "calibrationSamples", "20000")),
                QuestionBank.empty());
        SimulatorEngine.Reply a = answer(engine, 1);
        SimulatorEngine.Reply first = cqp(engine, 1, a.content(), 0.2);
        SimulatorEngine.Reply again = engine.complete(certaintyRequest(Prompts.certainty("cqp", EngineStatisticsTest.question(1),
                Prompts.options(LABELS, EngineStatisticsTest.texts(1)), a.content()), 0.2, 4));
        assertThat(again.content()).isEqualTo(first.content());
        assertThat(again.tokens().get(0).topLogprobs()).isEqualTo(first.tokens().get(0).topLogprobs().subList(0, 4));
        assertThat(again.certainty().levelBelief()).isEqualTo(first.certainty().levelBelief());

        engine.reconfigure(Map.of("messyRate", "1"));
        for (int q = 10; q < 60; q++) {
            SimulatorEngine.Reply c = cqp(engine, q, answer(engine, q).content(), 0.2);
            assertThat(c.certainty().messy()).isTrue();
            if (!c.content().startsWith("a.")) { // the reply that lists the levels starts with one
                CertaintyTokensTest.assertNoLevelAmong(c.tokens().get(0).topLogprobs());
            }
        }
    }

    @Test
    void maxTokensCutsACertaintyReplyAtItsTokens() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "12", "calibrationSamples", "20000")),
                QuestionBank.empty());
        for (int q = 0; q < 40; q++) {
            SimulatorEngine.Reply a = answer(engine, q);
            SimulatorEngine.Reply c = engine.complete(new SimulatorEngine.Request("m", Prompts.certainty("lsu",
                    EngineStatisticsTest.question(q), "", a.content()), true, 3, 1, false, 1, List.of(),
                    SimulatorEngine.ToolChoice.AUTO, 0.2));
            assertThat(c.tokens()).hasSize(1);
            assertThat(c.content()).isEqualTo(c.tokens().get(0).token());
            assertThat(c.completionTokens()).isEqualTo(1);
            if (!c.finishReason().equals("length")) assertThat(c.content()).hasSize(1); // the one-letter reply
        }
    }

    private static double sd(double[] x) {
        double mean = 0, sq = 0;
        for (double v : x) mean += v / x.length;
        for (double v : x) sq += (v - mean) * (v - mean);
        return Math.sqrt(sq / (x.length - 1));
    }
}

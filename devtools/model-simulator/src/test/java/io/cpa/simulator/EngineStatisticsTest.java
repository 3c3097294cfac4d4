package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statistical ground truth, checked in-process on what a client would see: emitted logprobs and reply text. */
class EngineStatisticsTest {

    static final List<String> LABELS = List.of("A", "B", "C", "D", "E");

    static List<String> texts(int q) {
        List<String> t = new ArrayList<>();
        for (String l : LABELS) t.add("option " + l.toLowerCase() + " of question " + q);
        return t;
    }

    static String question(int q) {
        return "Which of these is the right choice for item number " + q + "?";
    }

    static SimulatorEngine.Request request(String text, boolean logprobs, int k) {
        return new SimulatorEngine.Request("cpa-simulator", text, logprobs, k, null, false);
    }

    static double icFrom(SimulatorEngine.Reply r, List<String> labels) {
        List<Algorithm1.Entry> e = new ArrayList<>();
        for (GeneratedToken.Alternative a : r.tokens().get(0).topLogprobs()) e.add(new Algorithm1.Entry(a.token(), a.logprob()));
        return Algorithm1.ic(e, labels);
    }

    @ParameterizedTest
    @CsvSource({"0.42,cqp", "0.42,numeric", "-0.3,cqp", "-0.3,numeric", "0.0,lsu", "0.0,numeric"})
    void spearmanOfEmittedIcAndParsedVcIsTheConfiguredRho(double rho, String variant) {
        SimulatorEngine engine = new SimulatorEngine(
                SimulatorConfig.fromValues(Map.of("rho", Double.toString(rho), "seed", "1234")), QuestionBank.empty());
        int n = 5_000;
        double[] ic = new double[n], vc = new double[n];
        boolean numeric = variant.equals("numeric");
        for (int i = 0; i < n; i++) {
            int q = i % 700;
            SimulatorEngine.Reply a = engine.complete(request(Prompts.answer(question(q), LABELS, texts(q)), true, 5));
            ic[i] = icFrom(a, LABELS);
            SimulatorEngine.Reply c = engine.complete(request(
                    Prompts.certainty(variant, question(q), Prompts.options(LABELS, texts(q)), a.content()), false, 0));
            OptionalDouble v = TinyCertaintyParser.value(c.content(), numeric);
            assertThat(v).as("reply '%s'", c.content()).isPresent();
            vc[i] = v.getAsDouble();
        }
        assertThat(engine.stats().certaintyFallbacks()).isZero();
        assertThat(MidRankSpearman.rho(ic, vc)).isCloseTo(rho, within(0.04));
    }

    @Test
    void certaintyReplyComesFromTheDrawOfTheQuotedAnswerAndARepeatGetsTheSameReply() {
        SimulatorEngine engine = new SimulatorEngine(SimulatorConfig.fromValues(Map.of("seed", "9", "calibrationSamples", "20000")), QuestionBank.empty());
        String q = question(1);
        SimulatorEngine.Reply first = engine.complete(request(Prompts.answer(q, LABELS, texts(1)), true, 5));
        SimulatorEngine.Reply second = engine.complete(request(Prompts.answer(q, LABELS, texts(1)), true, 5));
        LatentModel m = engine.model();
        for (SimulatorEngine.Reply answer : List.of(first, second)) {
            SimulatorEngine.Reply cqp = engine.complete(request(Prompts.certainty("cqp", q, "x", answer.content()), false, 0));
            SimulatorEngine.Reply num = engine.complete(request(Prompts.certainty("numeric", q, "x", answer.content()), false, 0));
            assertThat(cqp.certainty().level()).isEqualTo(m.sixLevelIndex(answer.answer().draw(), 0.2));
            assertThat(TinyCertaintyParser.level(cqp.content())).isEqualTo(cqp.certainty().level());
            assertThat(num.certainty().numeric()).isEqualTo(m.numericValue(answer.answer().draw(), 0.2));
            assertThat(cqp.certainty().fallback()).isFalse();
        }
        // asked again about the second answer (a retry, a redelivery): the same words, not a new draw
        SimulatorEngine.Reply repeat = engine.complete(request(Prompts.certainty("cqp", q, "x", second.content()), false, 0));
        assertThat(repeat.certainty().level()).isEqualTo(m.sixLevelIndex(second.answer().draw(), 0.2));
        assertThat(engine.stats().certaintyRepeats()).isEqualTo(1);

        String never = LABELS.stream().filter(l -> !l.equals(first.content()) && !l.equals(second.content())).findFirst().orElseThrow();
        SimulatorEngine.Reply extra = engine.complete(request(Prompts.certainty("cqp", q, "x", never), false, 0));
        SimulatorEngine.Reply again = engine.complete(request(Prompts.certainty("cqp", question(2), "x", "A"), false, 0));
        SimulatorEngine.Reply againSame = engine.complete(request(Prompts.certainty("cqp", question(2), "x", "A"), false, 0));
        assertThat(extra.certainty().fallback()).as("an answer never given takes no draw").isTrue();
        assertThat(again.certainty().fallback()).isTrue();
        assertThat(againSame.certainty().level()).as("fallback is deterministic per question").isEqualTo(again.certainty().level());
        assertThat(engine.stats().certaintyFallbacks()).isEqualTo(3);
    }

    @Test
    void accuracyMatchesTheConfiguredAccuracyWithAQuestionBank(@TempDir Path dir) throws IOException {
        Path bank = dir.resolve("bank.jsonl");
        List<String> lines = new ArrayList<>();
        for (int q = 0; q < 500; q++) {
            StringBuilder s = new StringBuilder("{\"id\":\"q" + q + "\",\"question\":\"" + question(q) + "\",\"choices\":{\"label\":[");
            for (int i = 0; i < 5; i++) s.append(i > 0 ? "," : "").append('"').append(LABELS.get(i)).append('"');
            s.append("],\"text\":[");
            for (int i = 0; i < 5; i++) s.append(i > 0 ? "," : "").append('"').append(texts(q).get(i)).append('"');
            s.append("]},\"answerKey\":\"").append(LABELS.get(q % 5)).append("\"}");
            lines.add(s.toString());
        }
        Files.write(bank, lines);
        SimulatorConfig cfg = SimulatorConfig.fromValues(Map.of("accuracy", "0.62", "seed", "77", "questionBank", bank.toString()));
        SimulatorEngine engine = new SimulatorEngine(cfg, QuestionBank.load(cfg.questionBank()));
        int n = 5_000, correct = 0;
        for (int i = 0; i < n; i++) {
            int q = i % 500;
            SimulatorEngine.Reply a = engine.complete(request(Prompts.answer(question(q), LABELS, texts(q)), false, 0));
            assertThat(a.answer().goldKnown()).isTrue();
            if (a.content().equals(LABELS.get(q % 5))) correct++;
        }
        assertThat(correct / (double) n).isCloseTo(0.62, within(0.03));
        assertThat(engine.stats().unknownQuestions()).isZero();
    }

    @Test
    void sameSeedSameRequestsSameReplies() {
        List<String> a = transcript(5), b = transcript(5), c = transcript(6);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static List<String> transcript(long seed) {
        SimulatorEngine engine = new SimulatorEngine(
                SimulatorConfig.fromValues(Map.of("seed", Long.toString(seed), "messyRate", "0.2", "calibrationSamples", "20000")), QuestionBank.empty());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int q = i % 17;
            SimulatorEngine.Reply r = engine.complete(request(Prompts.answer(question(q), LABELS, texts(q)), true, 7));
            out.add(r.content() + r.tokens());
            out.add(engine.complete(request(Prompts.certainty("cqp", question(q), "x", r.content()), false, 0)).content());
        }
        return out;
    }

    @Test
    void messyRepliesAppearAtTheConfiguredRateAndCarryNoLevel() {
        SimulatorEngine engine = new SimulatorEngine(
                SimulatorConfig.fromValues(Map.of("messyRate", "0.1", "seed", "3", "calibrationSamples", "20000")), QuestionBank.empty());
        int messy = 0;
        for (int i = 0; i < 3_000; i++) {
            SimulatorEngine.Reply r = engine.complete(request(Prompts.certainty("cqp", question(i), "x", "A"), false, 0));
            if (r.certainty().messy()) {
                messy++;
                assertThat(r.certainty().level()).isNull();
            }
        }
        assertThat(messy / 3000.0).isCloseTo(0.1, within(0.02));
    }

    @Test
    void certaintyFindsTheAnswerDrawWhenTheAnswerPromptPrefixedAnInstruction() {
        SimulatorEngine engine = new SimulatorEngine(
                SimulatorConfig.fromValues(Map.of("seed", "4", "calibrationSamples", "20000")), QuestionBank.empty());
        String q = question(3);
        SimulatorEngine.Reply a = engine.complete(request(
                "Answer the following question with one letter.\n" + Prompts.answer(q, LABELS, texts(3)), false, 0));
        SimulatorEngine.Reply c = engine.complete(request(Prompts.certainty("lsu", q, "", a.content()), false, 0));
        assertThat(c.certainty().fallback()).isFalse();
        assertThat(c.certainty().level()).isEqualTo(engine.model().sixLevelIndex(a.answer().draw(), 0.2));
    }
}

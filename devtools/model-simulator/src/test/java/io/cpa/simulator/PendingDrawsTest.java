package io.cpa.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pairing of certainty calls with answer draws: by question and quoted answer, idempotent, bounded. */
class PendingDrawsTest {

    static final long MINUTE = 60_000_000_000L;
    static final LatentModel.Draw D1 = new LatentModel.Draw(0.1, 0.2, 0.3, 0.5, 0.0);
    static final LatentModel.Draw D2 = new LatentModel.Draw(1.1, 1.2, 1.3, 0.5, 0.0);
    static final LatentModel.Draw D3 = new LatentModel.Draw(2.1, 2.2, 2.3, 0.5, 0.0);
    static final String Q = "which of these is the right choice for item 1";

    @Test
    void aCallQuotingAnotherAnswerDoesNotStealTheDraw() {
        PendingDraws p = new PendingDraws(100, MINUTE);
        p.add(Q, D1, "A", "a cat");
        p.add(Q, D2, "C", "a dog");
        // the call about C comes first, and a call about an answer never given (B) comes in between
        assertThat(p.find(Q, "C. a dog", CertaintyVariant.CQP)).hasValueSatisfying(m -> assertThat(m.draw()).isEqualTo(D2));
        assertThat(p.find(Q, "B. a fish", CertaintyVariant.CQP)).isEmpty();
        assertThat(p.find(Q, "A", CertaintyVariant.CQP)).hasValueSatisfying(m -> assertThat(m.draw()).isEqualTo(D1));
        assertThat(p.find(Q, "a cat", CertaintyVariant.CQP)).hasValueSatisfying(m -> assertThat(m.draw()).isEqualTo(D1));
    }

    @Test
    void sameAnswerTwiceIsTakenOldestFirstPerVariantAndARepeatGetsTheReplyGivenBefore() {
        PendingDraws p = new PendingDraws(100, MINUTE);
        p.add(Q, D1, "A", "a cat");
        p.add(Q, D2, "A", "a cat");
        PendingDraws.Match first = p.find(Q, "A. a cat", CertaintyVariant.CQP).orElseThrow();
        assertThat(first.draw()).isEqualTo(D1);
        assertThat(first.repeat()).isNull();
        p.given(first, CertaintyVariant.CQP, new PendingDraws.Given("b. Fairly Certain", 1, null, false, null, null));
        // another variant about the same answer still gets the oldest draw
        assertThat(p.find(Q, "A. a cat", CertaintyVariant.NUMERIC).orElseThrow().draw()).isEqualTo(D1);
        PendingDraws.Match second = p.find(Q, "A. a cat", CertaintyVariant.CQP).orElseThrow();
        assertThat(second.draw()).isEqualTo(D2);
        p.given(second, CertaintyVariant.CQP, new PendingDraws.Given("Not Certain", 4, null, false, null, null));

        PendingDraws.Match repeat = p.find(Q, "A. a cat", CertaintyVariant.CQP).orElseThrow();
        assertThat(repeat.draw()).isEqualTo(D2);
        assertThat(repeat.repeat()).isEqualTo(new PendingDraws.Given("Not Certain", 4, null, false, null, null));
        assertThat(p.find(Q, "A. a cat", CertaintyVariant.CQP).orElseThrow().repeat()).isEqualTo(repeat.repeat());
    }

    @Test
    void drawsExpireAndQuestionsAreBounded() {
        AtomicLong now = new AtomicLong();
        PendingDraws p = new PendingDraws(2, MINUTE, now::get);
        p.add(Q, D1, "A", "a cat");
        now.addAndGet(MINUTE / 2);
        p.add(Q + " 2", D2, "B", "b");
        now.addAndGet(MINUTE / 2 + 1);
        assertThat(p.find(Q, "A", CertaintyVariant.CQP)).as("expired").isEmpty();
        assertThat(p.find(Q + " 2", "B", CertaintyVariant.CQP)).isPresent();
        p.add(Q + " 3", D3, "C", "c");
        assertThat(p.questions()).isEqualTo(2);
        p.add(Q + " 4", D3, "C", "c");
        assertThat(p.questions()).isEqualTo(2);
        assertThat(p.find(Q + " 2", "B", CertaintyVariant.CQP)).as("least recently answered question evicted").isEmpty();
        for (int i = 0; i < PendingDraws.MAX_PER_QUESTION + 10; i++) p.add(Q + " 4", D1, "A", "a");
        assertThat(p.draws()).isEqualTo(1 + PendingDraws.MAX_PER_QUESTION);
        now.addAndGet(2 * MINUTE);
        p.add(Q + " 5", D2, "B", "b");
        assertThat(p.draws()).as("everything older than the expiry is gone").isEqualTo(1);
    }

    @Test
    void theEngineAnswersARepeatedCertaintyCallWordForWordAndKeepsLaterPairingsUnshifted() {
        List<String> labels = EngineStatisticsTest.LABELS;
        Map<String, String> cfg = Map.of("seed", "5", "calibrationSamples", "20000");
        SimulatorEngine faulted = new SimulatorEngine(SimulatorConfig.fromValues(cfg), QuestionBank.empty());
        SimulatorEngine clean = new SimulatorEngine(SimulatorConfig.fromValues(cfg), QuestionBank.empty());
        for (int q = 0; q < 40; q++) {
            String question = EngineStatisticsTest.question(q);
            String answerPrompt = Prompts.answer(question, labels, EngineStatisticsTest.texts(q));
            SimulatorEngine.Reply a = faulted.complete(EngineStatisticsTest.request(answerPrompt, true, 5));
            SimulatorEngine.Reply b = clean.complete(EngineStatisticsTest.request(answerPrompt, true, 5));
            String options = Prompts.options(labels, EngineStatisticsTest.texts(q));
            String quoted = a.content() + ". " + EngineStatisticsTest.texts(q).get(labels.indexOf(a.content()));
            String certainty = Prompts.certainty("cqp", question, options, quoted);
            if (q % 3 == 0) {
                // a call about an answer this simulator never gave (another simulator's, before a restart)
                faulted.complete(EngineStatisticsTest.request(Prompts.certainty("cqp", question, options, "Z. nothing"), false, 0));
            }
            SimulatorEngine.Reply c1 = faulted.complete(EngineStatisticsTest.request(certainty, false, 0));
            if (q % 4 == 0) {
                SimulatorEngine.Reply c2 = faulted.complete(EngineStatisticsTest.request(certainty, false, 0));
                assertThat(c2.content()).isEqualTo(c1.content());
                assertThat(c2.certainty()).isEqualTo(c1.certainty());
            }
            SimulatorEngine.Reply c = clean.complete(EngineStatisticsTest.request(certainty, false, 0));
            assertThat(c1.certainty().level()).as("question %d", q).isEqualTo(c.certainty().level());
            assertThat(c1.certainty().fallback()).isFalse();
        }
        assertThat(faulted.stats().certaintyRepeats()).isEqualTo(10);
        assertThat(faulted.stats().certaintyFallbacks()).isEqualTo(14);
    }
}

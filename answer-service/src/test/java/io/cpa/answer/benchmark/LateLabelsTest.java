package io.cpa.answer.benchmark;

import io.cpa.answer.label.LabelOutcome;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.event.AnswerEvent;
import io.cpa.event.LabelEvent;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LateLabelsTest {
    static final Question Q = new Question("q1", "sample", "Where are books lent?",
            List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")), "B");
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ConcurrentLinkedQueue<LabelEvent> posted = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private LateLabels late(double coverage, Duration delay, int maxPending) {
        return new LateLabels(new LateLabels.Plan(coverage, delay, "human:reviewer"), timer, label -> {
            posted.add(label);
            return CompletableFuture.completedFuture(new LabelOutcome(202, label, null, null));
        }, new AtomicInteger(), maxPending);
    }

    private static AnswerEvent answer(String id, Instant at) {
        return AnswerEvents.of(new AnswerEvents.Answer(id, at, "m", "s", "benchmark", "openai-chat", 1, "q1", Q.text(), Q.options(),
                "A", null, null, "none", null, null, null, null));
    }

    @Test
    void theSelectedShareIsTheCoverageWithinSamplingNoise() {
        LateLabels forty = late(0.4, Duration.ZERO, 1);
        int n = 20_000;
        int selected = 0;
        for (int i = 0; i < n; i++) if (forty.selected(UUID.randomUUID().toString())) selected++;
        // binomial: sd = sqrt(n p (1-p)) = 69; five of them either side
        assertThat(selected).isBetween(8000 - 350, 8000 + 350);
        assertThat(late(0.0, Duration.ZERO, 1).selected("x")).isFalse();
        assertThat(late(1.0, Duration.ZERO, 1).selected("x")).isTrue();
    }

    @Test
    void aSelectedAnswersGoldIsPostedDatedTheDelayAfterItAndBeyondTheBoundDropped() throws Exception {
        LateLabels all = late(1.0, Duration.ofMillis(50), 1);
        Instant at = Instant.parse("2025-05-01T12:00:00Z");
        all.answered(Q, answer("a1", at));
        all.answered(Q, answer("a2", at)); // one waits already: dropped
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (all.progress().accepted() < 1 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(posted).singleElement().satisfies(l -> {
            assertThat(l.answerId()).isEqualTo("a1");
            assertThat(l.goldOption()).isEqualTo("B");
            assertThat(l.labeller()).isEqualTo("human:reviewer");
            assertThat(l.labelledAt()).isEqualTo(at.plusMillis(50));
        });
        assertThat(all.progress()).isEqualTo(new LateLabels.Progress(1, 1, 0, 1));
        // a question without gold gives no label
        all.answered(new Question("q2", "s", "?", Q.options(), null), answer("a3", at));
        assertThat(all.progress().scheduled()).isEqualTo(1);
    }

    @Test
    void aPlanNamesWhatIsWrong() {
        assertThatThrownBy(() -> new LateLabels.Plan(1.5, null, null)).hasMessageContaining("labels.coverage");
        assertThatThrownBy(() -> new LateLabels.Plan(0.5, Duration.ofSeconds(-1), null)).hasMessageContaining("labels.delay");
        assertThatThrownBy(() -> new LateLabels.Plan(0.5, null, "judge")).hasMessageContaining("labels.labeller");
        assertThat(new LateLabels.Plan(0.5, null, null)).isEqualTo(new LateLabels.Plan(0.5, Duration.ofSeconds(30), "human"));
    }
}

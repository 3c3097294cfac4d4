package io.cpa.answer.label;

import io.cpa.event.LabelEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class KnownAnswersTest {
    static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static KnownAnswers index(int maxAnswers, int maxLabellers, int maxPending) {
        KnownAnswers index = new KnownAnswers(maxAnswers, Duration.ofDays(7), maxLabellers, maxPending, CLOCK);
        index.markLoaded();
        return index;
    }

    private static LabelEvent label(String answerId, String labeller, Boolean correct, Instant receivedAt) {
        return new LabelEvent(LabelEvent.SCHEMA_VERSION, "l-" + receivedAt.toEpochMilli(), answerId, labeller, null, correct, null, null,
                receivedAt, receivedAt);
    }

    @Test
    void theOldestNotedAnswersAreForgottenBeyondTheCountAndNoneOlderThanTheHorizonIsKept() {
        KnownAnswers index = index(3, 4, 10);
        for (int i = 0; i < 5; i++) index.note("a" + i, NOW.minusSeconds(10 - i), List.of("A", "B"));
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.lookup("a0")).isEmpty();
        assertThat(index.lookup("a1")).isEmpty();
        assertThat(index.lookup("a4")).hasValueSatisfying(k -> {
            assertThat(k.options()).containsExactly("A", "B");
            assertThat(k.createdAt()).isEqualTo(NOW.minusSeconds(6));
        });
        index.note("old", NOW.minus(Duration.ofDays(7)).minusMillis(1), List.of());
        assertThat(index.lookup("old")).isEmpty();
        index.note("edge", NOW.minus(Duration.ofDays(7)), List.of());
        assertThat(index.lookup("edge")).isPresent();
    }

    @Test
    void anAnswerOlderThanTheHorizonAtTheHeadIsForgottenWhenAnotherIsNoted() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        KnownAnswers index = new KnownAnswers(100, Duration.ofHours(1), 4, 10, moving);
        index.note("first", NOW, List.of());
        now[0] = NOW.plus(Duration.ofHours(2));
        index.note("second", now[0], List.of());
        assertThat(index.lookup("first")).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aWaitingLabelIsWokenByItsAnswerAndAnUnknownOneEndsAfterTheGrace() throws Exception {
        KnownAnswers index = index(10, 4, 10);
        CompletableFuture<KnownAnswers.Lookup> waiting = index.await("late", Duration.ofMinutes(5));
        assertThat(waiting).isNotDone();
        assertThat(index.pending()).isEqualTo(1);
        index.note("late", NOW, List.of("A", "B", "C"));
        assertThat(waiting.get().status()).isEqualTo(KnownAnswers.Status.FOUND);
        assertThat(waiting.get().known().options()).containsExactly("A", "B", "C");
        assertThat(index.pending()).isZero();
        assertThat(index.await("never", Duration.ofMillis(20)).get().status()).isEqualTo(KnownAnswers.Status.UNKNOWN);
        assertThat(index.pending()).isZero();
    }

    @Test
    void beyondThePendingBoundALabelIsTurnedAwayAndWhileLoadingItEndsAsLoading() throws Exception {
        KnownAnswers index = index(10, 4, 1);
        CompletableFuture<KnownAnswers.Lookup> first = index.await("x", Duration.ofMinutes(5));
        assertThat(index.await("y", Duration.ofMinutes(5)).get().status()).isEqualTo(KnownAnswers.Status.BUSY);
        index.note("x", NOW, List.of());
        assertThat(first.get().status()).isEqualTo(KnownAnswers.Status.FOUND);

        KnownAnswers loading = new KnownAnswers(10, Duration.ofDays(1), 4, 10, CLOCK);
        assertThat(loading.await("z", Duration.ofMillis(5)).get().status()).isEqualTo(KnownAnswers.Status.LOADING);
    }

    @Test
    void aRepeatedJudgementIsADuplicateAChangedOneReplacesItAndAFailedOneIsUndone() {
        KnownAnswers index = index(10, 2, 10);
        index.note("a", NOW, List.of());
        LabelEvent no = label("a", "human", false, NOW);
        assertThat(index.reserve(no).verdict()).isEqualTo(KnownAnswers.Verdict.ACCEPT);
        KnownAnswers.Reservation again = index.reserve(label("a", "human", false, NOW.plusSeconds(1)));
        assertThat(again.verdict()).isEqualTo(KnownAnswers.Verdict.DUPLICATE);
        LabelEvent yes = label("a", "human", true, NOW.plusSeconds(2));
        KnownAnswers.Reservation changed = index.reserve(yes);
        assertThat(changed.verdict()).isEqualTo(KnownAnswers.Verdict.ACCEPT);
        index.release(yes, changed);
        assertThat(index.reserve(label("a", "human", false, NOW.plusSeconds(3))).verdict()).isEqualTo(KnownAnswers.Verdict.DUPLICATE);
        assertThat(index.reserve(label("gone", "human", false, NOW)).verdict()).isEqualTo(KnownAnswers.Verdict.GONE);
    }

    @Test
    void theOldestLabellerIsForgottenBeyondTheBoundAndAnOlderLabelFromTheTopicDoesNotOverwriteANewerOne() {
        KnownAnswers index = index(10, 2, 10);
        index.note("a", NOW, List.of());
        index.reserve(label("a", "human:1", true, NOW));
        index.reserve(label("a", "human:2", true, NOW));
        index.reserve(label("a", "human:3", true, NOW));
        assertThat(index.reserve(label("a", "human:1", true, NOW)).verdict()).as("forgotten").isEqualTo(KnownAnswers.Verdict.ACCEPT);
        assertThat(index.reserve(label("a", "human:3", true, NOW)).verdict()).isEqualTo(KnownAnswers.Verdict.DUPLICATE);

        index.reserve(label("a", "judge:m", true, NOW.plusSeconds(10)));
        index.noteLabel(label("a", "judge:m", false, NOW.plusSeconds(5)));
        assertThat(index.reserve(label("a", "judge:m", true, NOW.plusSeconds(20))).verdict()).isEqualTo(KnownAnswers.Verdict.DUPLICATE);
        index.noteLabel(label("a", "judge:m", false, NOW.plusSeconds(30)));
        assertThat(index.reserve(label("a", "judge:m", false, NOW.plusSeconds(40))).verdict()).isEqualTo(KnownAnswers.Verdict.DUPLICATE);
        // a label of an answer not known is not remembered
        index.noteLabel(label("b", "human", true, NOW));
        assertThat(index.lookup("b")).isEmpty();
    }
}

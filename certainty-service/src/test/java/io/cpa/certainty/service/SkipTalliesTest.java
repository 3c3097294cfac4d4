package io.cpa.certainty.service;

import io.cpa.event.SkipEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkipTalliesTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** What the sink was given, and the broker's answer to each, completed by the test. */
    private final List<SkipEvent> written = new ArrayList<>();
    private final List<CompletableFuture<Void>> acks = new ArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A timer whose tasks run when the test fires them, on the test's thread. */
    static final class ManualTimer extends ScheduledThreadPoolExecutor {
        private final List<Runnable> due = new ArrayList<>();

        ManualTimer() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            due.add(task);
            return null;
        }

        void fireAll() {
            List<Runnable> now;
            synchronized (this) {
                now = new ArrayList<>(due);
                due.clear();
            }
            now.forEach(Runnable::run);
        }
    }

    private synchronized CompletionStage<Void> sink(SkipEvent skip) {
        written.add(skip);
        CompletableFuture<Void> ack = new CompletableFuture<>();
        acks.add(ack);
        notifyAll();
        return ack;
    }

    private synchronized void awaitWritten(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (written.size() < n && System.nanoTime() < deadline) wait(100);
        assertThat(written).hasSize(n);
    }

    private static SkipEvent skip(String id, String series, String reason, String route) {
        return new SkipEvent(SkipEvent.SCHEMA_VERSION, id, series, "m", "s", "cqp", route, reason, AT, AT);
    }

    @Test
    void aFullGroupIsOneRecordStandingForItsAnswersAndEachAnswerIsDoneOnlyWhenTheBrokerTookIt() throws Exception {
        ManualTimer manual = new ManualTimer();
        SkipTallies tallies = new SkipTallies(this::sink, 3, Duration.ofHours(1), manual, () -> AT);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 7; i++) done.add(tallies.add(skip("a" + i, "m|s|cqp", SkipEvent.SAMPLING, "r")));

        awaitWritten(2);
        assertThat(written.get(0).answers()).containsExactly("a0", "a1", "a2");
        assertThat(written.get(1).answers()).containsExactly("a3", "a4", "a5");
        assertThat(written.get(0).seriesKey()).isEqualTo("m|s|cqp");
        assertThat(tallies.waiting()).as("a6 waits for its group to fill or linger out").isEqualTo(1);
        assertThat(done).noneMatch(CompletableFuture::isDone);

        acks.get(1).complete(null);
        assertThat(done.subList(3, 6)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(done.subList(0, 3)).noneMatch(CompletableFuture::isDone);
        acks.get(0).completeExceptionally(new IllegalStateException("not leader"));
        assertThat(done.subList(0, 3)).allMatch(CompletableFuture::isCompletedExceptionally);

        // the lingers of all three groups end: the two that filled have left and are not written again
        manual.fireAll();
        awaitWritten(3);
        assertThat(written.get(2).answers()).containsExactly("a6");
        assertThat(written.get(2).count()).isEqualTo(1);
        assertThat(tallies.waiting()).isZero();
        manual.shutdownNow();
    }

    @Test
    void skipsOfAnotherSeriesReasonOrRouteAreAnotherRecord() throws Exception {
        ManualTimer manual = new ManualTimer();
        SkipTallies tallies = new SkipTallies(this::sink, 100, Duration.ofHours(1), manual, () -> AT);
        tallies.add(skip("a1", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        tallies.add(skip("a2", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        tallies.add(skip("b1", "m|t|cqp", SkipEvent.SAMPLING, "r"));
        tallies.add(skip("c1", "m|s|cqp", SkipEvent.TOOL_CALLS, "r"));
        tallies.add(skip("d1", "m|s|cqp", SkipEvent.SAMPLING, null));
        assertThat(tallies.waiting()).isEqualTo(5);
        manual.fireAll();
        awaitWritten(4);
        assertThat(written).extracting(SkipEvent::answers).containsExactlyInAnyOrder(
                List.of("a1", "a2"), List.of("b1"), List.of("c1"), List.of("d1"));
        assertThat(tallies.waiting()).isZero();
        manual.shutdownNow();
    }

    @Test
    void aGroupThatDoesNotFillIsWrittenAfterTheLinger() throws Exception {
        SkipTallies tallies = new SkipTallies(this::sink, 100, Duration.ofMillis(20), timer, () -> AT);
        CompletableFuture<Void> first = tallies.add(skip("a1", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        CompletableFuture<Void> second = tallies.add(skip("a2", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        awaitWritten(1);
        assertThat(written.get(0).answers()).containsExactly("a1", "a2");
        acks.get(0).complete(null);
        // the timer's thread may still be between handing the record over and listening for its acknowledgement
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertThat(tallies.waiting()).isZero();
    }

    @Test
    void withoutALingerEverySkipIsItsOwnRecordAndASinkThatThrowsFailsTheGroup() throws Exception {
        SkipTallies direct = new SkipTallies(this::sink, 500, Duration.ZERO, timer, () -> AT);
        direct.add(skip("a1", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        direct.add(skip("a2", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        awaitWritten(2);

        SkipTallies broken = new SkipTallies(s -> {
            throw new IllegalStateException("emitter closed");
        }, 2, Duration.ofHours(1), timer, () -> AT);
        CompletableFuture<Void> x = broken.add(skip("x1", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        CompletableFuture<Void> y = broken.add(skip("x2", "m|s|cqp", SkipEvent.SAMPLING, "r"));
        assertThat(x).isCompletedExceptionally();
        assertThat(y).isCompletedExceptionally();
        assertThatThrownBy(() -> new SkipTallies(this::sink, 0, Duration.ZERO, timer, () -> AT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

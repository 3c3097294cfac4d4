package io.cpa.certainty.service;

import io.cpa.event.SkipEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Skips of many answers written as one record: the skips of one series, route and reason that arrive within
 * {@code linger} of the first of them, at most {@code maxAnswers}, become one {@link SkipEvent} standing for all their
 * answers. With sampling nearly every answer is skipped: shared records keep {@code cpa.skips} a fraction of
 * {@code cpa.answers}, and the dedupe's catch-up, a fixed number of records per partition, sees that many more answers.
 * <p>
 * {@link #add} completes when the record standing for that skip is taken by the broker, or fails with the reason it
 * was not; the caller acknowledges the answer only then, so an answer whose skip is lost is redelivered, and the
 * dedupe (which reads every answer id of a written skip) keeps the redelivery from being counted twice.
 * <p>
 * Bound: the skips waiting here are at most the answers their caller lets wait (the certainty-service's pending-skip
 * permits); each group leaves at {@code maxAnswers} or after {@code linger}. Thread-safe; no framework types.
 */
final class SkipTallies {
    private final Function<SkipEvent, CompletionStage<Void>> sink;
    private final int maxAnswers;
    private final Duration linger;
    private final ScheduledExecutorService timer;
    private final Supplier<Instant> clock;
    private final Map<String, Group> open = new HashMap<>();

    /**
     * @param sink       writes one record and completes when the broker took it
     * @param maxAnswers the most answers one record stands for
     * @param linger     how long the first skip of a group waits for others
     */
    SkipTallies(Function<SkipEvent, CompletionStage<Void>> sink, int maxAnswers, Duration linger,
                ScheduledExecutorService timer, Supplier<Instant> clock) {
        if (maxAnswers < 1) throw new IllegalArgumentException("maxAnswers must be at least 1: " + maxAnswers);
        this.sink = sink;
        this.maxAnswers = maxAnswers;
        this.linger = linger;
        this.timer = timer;
        this.clock = clock;
    }

    private static final class Group {
        final List<SkipEvent> skips = new ArrayList<>();
        final List<CompletableFuture<Void>> written = new ArrayList<>();
    }

    /** Completes when a record standing for {@code skip}'s answer is on the topic. */
    CompletableFuture<Void> add(SkipEvent skip) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (maxAnswers == 1 || linger.isZero()) {
            write(List.of(skip), List.of(written));
            return written;
        }
        String key = skip.seriesKey() + '\u0000' + skip.reason() + '\u0000' + skip.route();
        Group full = null;
        Group created = null;
        synchronized (this) {
            Group g = open.get(key);
            if (g == null) {
                g = created = new Group();
                open.put(key, g);
            }
            g.skips.add(skip);
            g.written.add(written);
            if (g.skips.size() >= maxAnswers) {
                open.remove(key);
                full = g;
            }
        }
        if (full != null) write(full.skips, full.written);
        else if (created != null) schedule(key, created);
        return written;
    }

    private void schedule(String key, Group group) {
        try {
            timer.schedule(() -> flush(key, group), linger.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // shutting down: the group stays unwritten, so its answers stay unacknowledged and are delivered again
        }
    }

    /** Writes the group if it is still the open one of its key (a full group has already left). */
    private void flush(String key, Group group) {
        synchronized (this) {
            if (!open.remove(key, group)) return;
        }
        write(group.skips, group.written);
    }

    /** Skips waiting to be written. */
    synchronized int waiting() {
        int n = 0;
        for (Group g : open.values()) n += g.skips.size();
        return n;
    }

    private void write(List<SkipEvent> skips, List<CompletableFuture<Void>> written) {
        SkipEvent first = skips.get(0);
        SkipEvent record;
        CompletionStage<Void> sent;
        try {
            record = skips.size() == 1 ? first
                    : first.standingFor(skips.stream().map(SkipEvent::answerId).distinct().toList(), clock.get());
            sent = sink.apply(record);
        } catch (RuntimeException e) {
            written.forEach(w -> w.completeExceptionally(e));
            return;
        }
        sent.whenComplete((ok, error) -> {
            for (CompletableFuture<Void> w : written) {
                if (error == null) w.complete(null);
                else w.completeExceptionally(error);
            }
        });
    }
}

package io.cpa.answer.benchmark;

import io.cpa.answer.label.LabelOutcome;
import io.cpa.event.AnswerEvent;
import io.cpa.event.LabelEvent;
import io.cpa.label.LabelKind;
import io.cpa.question.Question;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A run's gold labels arriving late, as on live traffic: its answers are published without their gold label, and for
 * a share of them ({@code coverage}) the gold option is posted as a label after {@code delay}, through the same desk
 * as {@code POST /api/labels}, dated {@code delay} after its answer. Which answers are labelled follows from their
 * ids (a hash), so the share is {@code coverage} up to sampling noise. At most {@code maxPending} labels wait at once
 * over all runs; beyond it a label is dropped and counted.
 */
public final class LateLabels {
    private static final Logger LOG = Logger.getLogger(LateLabels.class);
    private static final int BUCKETS = 10_000;

    /**
     * What a run asks for ({@code "labels": {"coverage": 0.4, "delay": "PT30S", "labeller": "human"}}).
     *
     * @param coverage share of answers labelled, in [0, 1]
     * @param delay    how long after its answer a label is posted (ISO-8601, {@code PT30S}); null: 30 s
     * @param labeller who the labels say labelled; null: {@code human}
     */
    public record Plan(Double coverage, Duration delay, String labeller) {
        public Plan {
            if (coverage == null || coverage.isNaN() || coverage < 0 || coverage > 1) {
                throw new IllegalArgumentException("labels.coverage must be in [0, 1], was " + coverage);
            }
            if (delay == null) delay = Duration.ofSeconds(30);
            if (delay.isNegative()) throw new IllegalArgumentException("labels.delay must not be negative");
            if (labeller == null) labeller = LabelKind.HUMAN.id();
            try {
                LabelKind.ofLabeller(labeller);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("labels." + e.getMessage(), e);
            }
        }
    }

    /** How many labels a run scheduled, had accepted (or found duplicate), had rejected, and dropped. */
    public record Progress(long scheduled, long accepted, long rejected, long dropped) {}

    private final Plan plan;
    private final ScheduledExecutorService timer;
    private final Function<LabelEvent, CompletionStage<LabelOutcome>> desk;
    private final AtomicInteger pending;
    private final int maxPending;
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param pending the labels waiting over all runs, shared with the others */
    LateLabels(Plan plan, ScheduledExecutorService timer, Function<LabelEvent, CompletionStage<LabelOutcome>> desk,
               AtomicInteger pending, int maxPending) {
        this.plan = plan;
        this.timer = timer;
        this.desk = desk;
        this.pending = pending;
        this.maxPending = maxPending;
    }

    /** Whether the answer is one of the labelled share: by a hash of its id. */
    boolean selected(String answerId) {
        return Math.floorMod(answerId.hashCode(), BUCKETS) < plan.coverage() * BUCKETS;
    }

    /** After the answer (published without its gold label) was acknowledged: its label, later, when it is selected. */
    void answered(Question q, AnswerEvent answer) {
        if (q.gold() == null || !selected(answer.answerId())) return;
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        scheduled.incrementAndGet();
        timer.schedule(() -> post(q, answer), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void post(Question q, AnswerEvent answer) {
        try {
            LabelEvent label = new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), answer.answerId(),
                    plan.labeller(), q.gold(), null, null, null, answer.createdAt().plus(plan.delay()), Instant.now());
            desk.apply(label).whenComplete((outcome, error) -> {
                pending.decrementAndGet();
                if (error == null && outcome.ok()) {
                    accepted.incrementAndGet();
                } else {
                    rejected.incrementAndGet();
                    LOG.warnf("late label of answer %s not taken: %s", answer.answerId(), error != null ? error : outcome.error());
                }
            });
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            rejected.incrementAndGet();
            LOG.warnf("late label of answer %s not taken: %s", answer.answerId(), e.toString());
        }
    }

    public Progress progress() {
        return new Progress(scheduled.get(), accepted.get(), rejected.get(), dropped.get());
    }
}

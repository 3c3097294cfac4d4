package io.cpa.analysis.topology;

import io.cpa.analysis.labels.AnswerVerdicts;
import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelledAnswer;
import io.cpa.analysis.labels.Verdict;
import io.cpa.analysis.stores.ExpiryOrder;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredLabelDelays;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import io.cpa.stats.BucketResolution;
import io.cpa.stats.LabelDelayStats;
import io.cpa.stats.Observation;
import io.cpa.stats.ObservationCodec;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels side of {@link SeriesProcessor}: which answers of a series can still be labelled, their verdicts, and
 * what a new verdict changes. Owns {@code series-labelled} (series NUL answer id -> {@link LabelledAnswer}) and its
 * expiry order {@code series-labelled-order} (series NUL event time NUL answer id). An answer is kept for
 * {@code horizon} of event time behind the latest event of its series; a label that finds no answer within it is
 * counted {@code expired} and dropped. A label that reaches the series before its certainty waits in the same store
 * (ordered by its labelledAt, which is never before the answer) and is applied when the certainty arrives.
 *
 * <p>Also owns {@code series-label-delays}: each labeller's first verdict on a counted answer adds its delay
 * (labelledAt minus the answer's event time) to the day of the answer's event time; a replacement by the same
 * labeller adds nothing. Days are deleted with the day buckets' retention behind the series' latest event.
 */
final class SeriesLabels {
    /**
     * An observation before and after a new verdict: what the windows, buckets and log must replace, then
     * {@link #save} the answer's new entry (after the engine took the change, so a refused relabel leaves the store
     * as it was). {@code firstLabel} when this verdict is the answer's first label; {@code added} the verdict when it
     * is its labeller's first on the answer (its delay counts), null for a replacement.
     */
    record Relabel(String key, LabelledAnswer entry, Observation before, Observation after, boolean firstLabel, Verdict added) {}

    private final long horizonMs;
    private final List<LabelKind> precedence;
    private final LabelOutcomes outcomes;
    private final long delaysRetentionMs;
    /** per series of the task, the day its label delays were last pruned at (once a day, not per answer) */
    private final Map<String, Long> delaysPrunedDay = new HashMap<>();
    /** the answers' expiry order, per series: scanned only once the horizon has reached its oldest entry */
    private final ExpiryOrder expiry = new ExpiryOrder();
    private KeyValueStore<String, byte[]> labelled;
    private KeyValueStore<String, String> order;
    private KeyValueStore<String, byte[]> delays;

    /** @param delaysRetentionMs how long label delays are kept behind the latest event: the day buckets' retention */
    SeriesLabels(long horizonMs, List<LabelKind> precedence, LabelOutcomes outcomes, long delaysRetentionMs) {
        this.horizonMs = horizonMs;
        this.precedence = List.copyOf(precedence);
        this.outcomes = outcomes;
        this.delaysRetentionMs = delaysRetentionMs;
    }

    void init(ProcessorContext<?, ?> context) {
        labelled = context.getStateStore(StoreNames.LABELLED);
        order = context.getStateStore(StoreNames.LABELLED_ORDER);
        delays = context.getStateStore(StoreNames.LABEL_DELAYS);
        delaysPrunedDay.clear();
        expiry.attach(order);
    }

    /**
     * A certainty counted in {@code series}: remembers the answer for later labels, and returns its observation with
     * the verdicts of labels that were waiting for it (or unchanged).
     */
    Observation counted(String series, String answerId, Observation o, long maxEventTimeBeforeMs) {
        String key = StoreKeys.answer(series, answerId);
        byte[] stored = labelled.get(key);
        AnswerVerdicts verdicts = AnswerVerdicts.NONE;
        if (stored != null) {
            LabelledAnswer waiting = LabelledAnswer.decode(stored);
            order.delete(StoreKeys.timed(series, waiting.orderTimeMs(), answerId));
            verdicts = waiting.verdicts();
            if (!verdicts.verdicts().isEmpty()) o = o.relabelled(verdicts(verdicts, o), precedence);
            for (Verdict v : verdicts.verdicts()) delay(series, o.timestampMs(), v); // one per labeller: replaced while waiting
        }
        labelled.put(key, new LabelledAnswer(o.sequence(), ObservationCodec.encode(o), o.timestampMs(), verdicts).encode());
        ordered(series, o.timestampMs(), answerId);
        long maxEventTimeMs = Math.max(maxEventTimeBeforeMs, o.timestampMs());
        expire(series, maxEventTimeMs);
        pruneDelays(series, maxEventTimeMs);
        return o;
    }

    /**
     * A labeller's verdict on an answer of {@code series}: the observation's change when the answer is counted and its
     * observation changes, else null (the label waits for the certainty, or was a duplicate, or changed no verdict
     * that counts, or is past the horizon).
     */
    Relabel label(String series, String answerId, Verdict v, long maxEventTimeMs) {
        String key = StoreKeys.answer(series, answerId);
        byte[] stored = labelled.get(key);
        if (stored == null) {
            if (maxEventTimeMs != Long.MIN_VALUE && v.labelledAtMs() <= maxEventTimeMs - horizonMs) {
                outcomes.count(LabelOutcomes.EXPIRED);
                return null;
            }
            labelled.put(key, LabelledAnswer.waiting(v.labelledAtMs(), new AnswerVerdicts(List.of(v))).encode());
            ordered(series, v.labelledAtMs(), answerId);
            outcomes.count(LabelOutcomes.WAITING);
            return null;
        }
        LabelledAnswer answer = LabelledAnswer.decode(stored);
        AnswerVerdicts.Applied applied = answer.verdicts().with(v);
        if (applied.change() == AnswerVerdicts.Change.DUPLICATE) {
            outcomes.count(LabelOutcomes.DUPLICATE);
            return null;
        }
        if (answer.isWaiting()) {
            labelled.put(key, answer.with(applied.verdicts()).encode());
            outcomes.count(LabelOutcomes.WAITING);
            return null;
        }
        outcomes.count(applied.change() == AnswerVerdicts.Change.ADDED ? LabelOutcomes.APPLIED : LabelOutcomes.REPLACED);
        Observation before = ObservationCodec.decode(answer.arrival(), answer.observation());
        Observation after = before.relabelled(verdicts(applied.verdicts(), before), precedence);
        return new Relabel(key, answer.with(ObservationCodec.encode(after), applied.verdicts()), before, after,
                answer.verdicts().size() == 0, applied.change() == AnswerVerdicts.Change.ADDED ? v : null);
    }

    void save(String series, Relabel change) {
        labelled.put(change.key(), change.entry().encode());
        if (change.added() != null) delay(series, change.after().timestampMs(), change.added());
    }

    /** The label delays of the {@code days} UTC days of {@code series} ending with the day of {@code latestEventMs}. */
    LabelDelayStats recentDelays(String series, long latestEventMs, int days) {
        long end = BucketResolution.DAY.floor(latestEventMs) + BucketResolution.DAY.lengthMs();
        return StoredLabelDelays.over(delays, series, end - days * BucketResolution.DAY.lengthMs(), end);
    }

    private void delay(String series, long answeredAtMs, Verdict v) {
        StoredLabelDelays.add(delays, series, answeredAtMs, v.kind(), v.labelledAtMs() - answeredAtMs);
    }

    /** Deletes the label delays of days past the retention, at most once per series and day of its latest event. */
    private void pruneDelays(String series, long maxEventTimeMs) {
        long day = BucketResolution.DAY.floor(maxEventTimeMs);
        Long pruned = delaysPrunedDay.get(series);
        if (pruned != null && pruned >= day) return;
        delaysPrunedDay.put(series, day);
        StoredLabelDelays.deleteBefore(delays, series, BucketResolution.DAY.floor(maxEventTimeMs - delaysRetentionMs));
    }

    /** The engine's per-kind verdicts: the labellers' (the latest labelledAt within a kind) and the answer's own gold. */
    private static Verdicts verdicts(AnswerVerdicts labels, Observation o) {
        Verdicts out = Verdicts.gold(o.verdicts().of(LabelKind.GOLD));
        for (Map.Entry<LabelKind, Verdict> e : labels.byKind().entrySet()) out = out.with(e.getKey(), e.getValue().correct());
        return out;
    }

    private void ordered(String series, long timeMs, String answerId) {
        expiry.put(series, timeMs, answerId);
    }

    /** Forgets the answers (and waiting labels) of {@code series} past the horizon. */
    private void expire(String series, long maxEventTimeMs) {
        for (String answerId : expiry.expire(series, maxEventTimeMs - horizonMs + 1)) {
            byte[] gone = labelled.delete(StoreKeys.answer(series, answerId));
            if (gone != null && LabelledAnswer.decode(gone).isWaiting()) outcomes.count(LabelOutcomes.EXPIRED);
        }
    }
}

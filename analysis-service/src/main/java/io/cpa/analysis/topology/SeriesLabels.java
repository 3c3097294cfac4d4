package io.cpa.analysis.topology;

import io.cpa.analysis.labels.AnswerVerdicts;
import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelledAnswer;
import io.cpa.analysis.labels.Verdict;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import io.cpa.stats.Observation;
import io.cpa.stats.ObservationCodec;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The labels side of {@link SeriesProcessor}: which answers of a series can still be labelled, their verdicts, and
 * what a new verdict changes. Owns {@code series-labelled} (series NUL answer id -> {@link LabelledAnswer}) and its
 * expiry order {@code series-labelled-order} (series NUL event time NUL answer id). An answer is kept for
 * {@code horizon} of event time behind the latest event of its series; a label that finds no answer within it is
 * counted {@code expired} and dropped. A label that reaches the series before its certainty waits in the same store
 * (ordered by its labelledAt, which is never before the answer) and is applied when the certainty arrives.
 */
final class SeriesLabels {
    /**
     * An observation before and after a new verdict: what the windows, buckets and log must replace, then
     * {@link #save} the answer's new entry (after the engine took the change, so a refused relabel leaves the store
     * as it was). {@code firstLabel} when this verdict is the answer's first label.
     */
    record Relabel(String key, LabelledAnswer entry, Observation before, Observation after, boolean firstLabel) {}

    private final long horizonMs;
    private final List<LabelKind> precedence;
    private final LabelOutcomes outcomes;
    private KeyValueStore<String, byte[]> labelled;
    private KeyValueStore<String, String> order;

    SeriesLabels(long horizonMs, List<LabelKind> precedence, LabelOutcomes outcomes) {
        this.horizonMs = horizonMs;
        this.precedence = List.copyOf(precedence);
        this.outcomes = outcomes;
    }

    void init(ProcessorContext<?, ?> context) {
        labelled = context.getStateStore(StoreNames.LABELLED);
        order = context.getStateStore(StoreNames.LABELLED_ORDER);
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
        }
        labelled.put(key, new LabelledAnswer(o.sequence(), ObservationCodec.encode(o), o.timestampMs(), verdicts).encode());
        order.put(StoreKeys.timed(series, o.timestampMs(), answerId), "");
        expire(series, Math.max(maxEventTimeBeforeMs, o.timestampMs()));
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
            order.put(StoreKeys.timed(series, v.labelledAtMs(), answerId), "");
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
                answer.verdicts().size() == 0);
    }

    void save(Relabel change) {
        labelled.put(change.key(), change.entry().encode());
    }

    /** The engine's per-kind verdicts: the labellers' (the latest labelledAt within a kind) and the answer's own gold. */
    private static Verdicts verdicts(AnswerVerdicts labels, Observation o) {
        Verdicts out = Verdicts.gold(o.verdicts().of(LabelKind.GOLD));
        for (Map.Entry<LabelKind, Verdict> e : labels.byKind().entrySet()) out = out.with(e.getKey(), e.getValue().correct());
        return out;
    }

    /** Forgets the answers (and waiting labels) of {@code series} past the horizon. */
    private void expire(String series, long maxEventTimeMs) {
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, String> it = order.range(StoreKeys.timeFrom(series), StoreKeys.timeTo(series, maxEventTimeMs - horizonMs + 1))) {
            while (it.hasNext()) doomed.add(it.next().key);
        }
        for (String k : doomed) {
            order.delete(k);
            byte[] gone = labelled.delete(StoreKeys.answer(series, StoreKeys.timedId(k)));
            if (gone != null && LabelledAnswer.decode(gone).isWaiting()) outcomes.count(LabelOutcomes.EXPIRED);
        }
    }
}

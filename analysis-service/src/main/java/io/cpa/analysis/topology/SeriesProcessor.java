package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.stores.StoredBuckets;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import io.cpa.analysis.labels.FittedAccuracy;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.Bucket;
import io.cpa.stats.Observation;
import io.cpa.stats.ObservationCodec;
import io.cpa.stats.SeriesBuckets;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.WindowKind;
import io.cpa.stats.WindowStats;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * Adds each certainty (validated and keyed by series) to its series' exact windows and time buckets, and forwards a
 * snapshot to cpa.alignment at most every {@code snapshotEvery} answers or {@code snapshotInterval}, whichever comes
 * first, and, when {@code publishInterval} is set, at least that often while the series has new answers. The snapshot is forwarded as a record so that the alert and history processors downstream need not parse it.
 *
 * <p>State, all in persistent stores with compacted changelogs (so exactly-once processing covers it), every one
 * bounded whatever the age of the series:
 * <ul>
 *   <li>{@code series-buckets}: the time buckets ({@link SeriesBuckets}: minutes, hours, days, the total of closed
 *       days, the position they are complete to), within their retention. Since-start and every range come from here.</li>
 *   <li>{@code series-observations}: the observation log, only what a rebuild needs: the observations still in a count
 *       window or a time window, and those after the buckets' position. The rest is deleted as it falls out.</li>
 *   <li>{@code series-arrivals}: per series, the number of certainties counted so far.</li>
 *   <li>{@code series-snapshots}: per series, the last snapshot, which the API serves (written by
 *       {@link SnapshotWriter}, in the same task, from the snapshot forwarded here).</li>
 *   <li>{@code series-counted-answers} and {@code series-counted-order}: the ids of the last {@code counted-answers}
 *       answers of the series and the order they expire in. A second certainty for one of them (a producer that wrote
 *       it twice, a replay) is not counted again.</li>
 *   <li>{@code series-labelled} and {@code series-labelled-order}: the answers that can still be labelled, with their
 *       verdicts ({@link SeriesLabels}). A label replaces the answer's observation in the windows, the buckets and the
 *       log, so a rebuild sees the new verdicts.</li>
 *   <li>{@code series-label-delays}: per series and UTC day of the answers' event time, how long their labels took
 *       ({@link SeriesLabels}), kept as long as the day buckets.</li>
 *   <li>{@code series-accuracy-maps}: per series, its accuracy map ({@link SeriesAccuracy}), refitted from since-start
 *       when since-start is brought up to date and the labels have grown enough, applied to every window and to
 *       since-start.</li>
 * </ul>
 * In memory per task: the exact windows and the open buckets, rebuilt the first time a series is touched after a
 * start, a restore or a rebalance, from bounded reads (the log as above, the buckets' total and open parts). A
 * restored task re-publishes every series' snapshot at its first punctuation.
 */
final class SeriesProcessor implements Processor<String, SeriesInput, String, AlignmentSnapshot> {
    private static final Logger LOG = Logger.getLogger(SeriesProcessor.class);
    private final AnalysisConfig config;
    private final SeriesAnalysis analysis;
    private final RecentAnswers recent;
    private final SeriesLabels labels;
    private final SeriesAccuracy accuracy;
    private final Map<String, Series> series = new HashMap<>();
    private final Map<String, Integer> pendingSinceSnapshot = new HashMap<>();
    /** Series with answers or labels since their last snapshot of any kind, fresh or paced (one entry each at most). */
    private final java.util.Set<String> unpublished = new java.util.HashSet<>();
    private ProcessorContext<String, AlignmentSnapshot> context;
    private KeyValueStore<String, byte[]> observations;
    private KeyValueStore<String, Long> arrivals;
    private KeyValueStore<String, Long> counted;
    private KeyValueStore<String, String> countedOrder;
    private KeyValueStore<String, byte[]> buckets;

    /** What a series holds in memory. */
    private static final class Series {
        final SeriesWindows windows;
        final SeriesBuckets buckets;
        long oldestLogged;
        WindowStats sinceStart;
        long sinceStartAtMs = Long.MIN_VALUE;
        long sinceStartSequence = Long.MIN_VALUE;
        FittedAccuracy accuracy;
        long accuracyCheckedSequence = Long.MIN_VALUE;

        Series(SeriesWindows windows, SeriesBuckets buckets) {
            this.windows = windows;
            this.buckets = buckets;
        }
    }

    SeriesProcessor(AnalysisConfig config, SeriesAnalysis analysis, RecentAnswers recent, SeriesLabels labels,
                    SeriesAccuracy accuracy) {
        this.config = config;
        this.accuracy = accuracy;
        this.analysis = analysis;
        this.recent = recent;
        this.labels = labels;
    }

    @Override
    public void init(ProcessorContext<String, AlignmentSnapshot> context) {
        this.context = context;
        this.observations = context.getStateStore(StoreNames.OBSERVATIONS);
        this.arrivals = context.getStateStore(StoreNames.ARRIVALS);
        this.counted = context.getStateStore(StoreNames.COUNTED);
        this.countedOrder = context.getStateStore(StoreNames.COUNTED_ORDER);
        this.buckets = context.getStateStore(StoreNames.BUCKETS);
        labels.init(context);
        accuracy.init(context);
        series.clear();
        pendingSinceSnapshot.clear();
        unpublished.clear();
        try (KeyValueIterator<String, Long> it = arrivals.all()) {
            it.forEachRemaining(kv -> pendingSinceSnapshot.put(kv.key, 0));
        }
        context.schedule(config.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushPending());
        if (!config.publishInterval().isZero() && config.publishInterval().compareTo(config.snapshotInterval()) < 0) {
            context.schedule(config.publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publishFresh());
        }
    }

    @Override
    public void process(Record<String, SeriesInput> record) {
        if (record.value() instanceof SeriesInput.Label label) {
            label(record.key(), label);
        } else {
            certainty(record.key(), ((SeriesInput.Certainty) record.value()).event());
        }
    }

    private void label(String key, SeriesInput.Label label) {
        SeriesLabels.Relabel change = labels.label(key, label.answerId(), label.verdict(), maxEventTimeMs(key));
        if (change == null) return;
        Series s = series(key);
        s.buckets.relabel(change.before(), change.after());
        s.windows.relabel(change.before(), change.after());
        labels.save(key, change);
        String logKey = StoreKeys.arrival(key, change.after().sequence());
        if (observations.get(logKey) != null) observations.put(logKey, ObservationCodec.encode(change.after()));
        s.sinceStartSequence = Long.MIN_VALUE; // since-start is due again at the next timed snapshot
        s.accuracyCheckedSequence = Long.MIN_VALUE; // and so is the accuracy map's refit check
        int pending = pendingSinceSnapshot.merge(key, 1, Integer::sum);
        unpublished.add(key);
        if (pending >= config.snapshotEvery()) snapshot(key);
    }

    /** The latest event time of the series, from its buckets (Long.MIN_VALUE before its first answer). */
    private long maxEventTimeMs(String key) {
        return arrivals.get(key) == null ? Long.MIN_VALUE : series(key).buckets.maxTimestampMs();
    }

    private void certainty(String key, CertaintyEvent event) {
        String answerKey = StoreKeys.answer(key, event.answerId());
        Long countedAt = counted.get(answerKey);
        if (countedAt != null) {
            LOG.debugf("series %s: answer %s already counted (arrival %d); not counted again", key, event.answerId(), countedAt);
            return;
        }
        Series s = series(key);
        Long last = arrivals.get(key);
        long arrival = last == null ? 1 : last + 1;
        remember(key, event.answerId(), answerKey, arrival);
        Observation o = labels.counted(key, event.answerId(),
                SeriesAnalysis.observation(arrival, SeriesAnalysis.eventTime(event), event), s.buckets.maxTimestampMs());
        s.windows.add(o);
        s.buckets.add(o);
        observations.put(StoreKeys.arrival(key, arrival), ObservationCodec.encode(o));
        arrivals.put(key, arrival);
        pruneLog(key, s);
        recent.add(event);
        int pending = pendingSinceSnapshot.merge(key, 1, Integer::sum);
        unpublished.add(key);
        if (pending >= config.snapshotEvery()) snapshot(key);
    }

    /** Counts the answer id, and forgets the one counted {@code counted-answers} arrivals ago. */
    private void remember(String key, String answerId, String answerKey, long arrival) {
        counted.put(answerKey, arrival);
        countedOrder.put(StoreKeys.arrival(key, arrival), answerId);
        long expired = arrival - config.countedAnswers();
        if (expired < 1) return;
        String orderKey = StoreKeys.arrival(key, expired);
        String old = countedOrder.delete(orderKey);
        if (old == null) return;
        String oldKey = StoreKeys.answer(key, old);
        Long at = counted.get(oldKey);
        if (at != null && at == expired) counted.delete(oldKey);
    }

    /**
     * Deletes log entries from the oldest on while no window and no open bucket needs them: below the oldest arrival
     * of the count windows, at or below the buckets' position, and out of every time window.
     */
    private void pruneLog(String key, Series s) {
        long limit = Math.min(s.windows.retainedFrom(), s.buckets.flushedSequence() + 1);
        long horizon = s.windows.timeHorizonMs();
        while (s.oldestLogged < limit) {
            String logKey = StoreKeys.arrival(key, s.oldestLogged);
            byte[] bytes = observations.get(logKey);
            if (bytes != null) {
                if (ObservationCodec.decode(s.oldestLogged, bytes).timestampMs() > horizon) return;
                observations.delete(logKey);
            }
            s.oldestLogged++;
        }
    }

    private Series series(String key) {
        Series s = series.get(key);
        if (s != null) return s;
        SeriesBuckets b = new SeriesBuckets(analysis.retention(), StoredBuckets.writable(key, buckets));
        s = new Series(analysis.newWindows(), b);
        s.accuracy = accuracy.load(key);
        long flushed = b.flushedSequence();
        Long last = arrivals.get(key);
        s.oldestLogged = last == null ? 1 : last + 1;
        boolean first = true;
        try (KeyValueIterator<String, byte[]> it = observations.range(StoreKeys.arrivalFrom(key), StoreKeys.arrivalTo(key))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long arrival = StoreKeys.arrivalOf(kv.key);
                if (first) {
                    s.oldestLogged = arrival;
                    first = false;
                }
                Observation o = ObservationCodec.decode(arrival, kv.value);
                s.windows.add(o);
                if (arrival > flushed) b.add(o);
            }
        }
        series.put(key, s);
        return s;
    }

    private static AccuracyMap map(Series s) {
        return s.accuracy == null ? null : s.accuracy.map();
    }

    private void flushPending() {
        for (String key : Map.copyOf(pendingSinceSnapshot).keySet()) snapshot(key, true);
    }

    /** A snapshot, like one by count, of every series with answers or labels since its last one. */
    private void publishFresh() {
        for (String key : java.util.List.copyOf(unpublished)) snapshot(key, false, true);
    }

    private void snapshot(String key) {
        snapshot(key, false, false);
    }

    private void snapshot(String key, boolean punctuation) {
        snapshot(key, punctuation, false);
    }

    /**
     * @param punctuation a timed snapshot: since-start is brought up to date. A snapshot by count reuses the last one
     *                    when it is younger than the snapshot interval (since-start is a merge of every bucket,
     *                    O(cells)) and leaves the series pending, so the next timed snapshot brings it up to date.
     * @param fresh       published only to keep the series fresh ({@link AlignmentSnapshot#FRESH_HEADER})
     */
    private void snapshot(String key, boolean punctuation, boolean fresh) {
        // a fresh snapshot leaves the series pending: the paced one still comes, for the alert rules and the history
        if (!fresh) pendingSinceSnapshot.remove(key);
        unpublished.remove(key);
        Long received = arrivals.get(key);
        if (received == null) return;
        Series s = series(key);
        s.buckets.flush();
        long now = context.currentSystemTimeMs();
        Bucket since = null;
        boolean refitted = false;
        // only timed snapshots refit: their moments are the same for a task that restarted and one that did not (a
        // restart resets the count between snapshots); a check after a restart that finds nothing new changes nothing
        if (punctuation && s.accuracyCheckedSequence != s.buckets.lastSequence()) {
            since = s.buckets.sinceStart();
            FittedAccuracy next = accuracy.refit(key, s.accuracy, since);
            refitted = next != s.accuracy;
            s.accuracy = next;
            s.accuracyCheckedSequence = s.buckets.lastSequence();
        }
        if (s.sinceStartSequence != s.buckets.lastSequence() || refitted) {
            if (s.sinceStart == null || punctuation || now - s.sinceStartAtMs >= config.snapshotInterval().toMillis()) {
                s.sinceStart = analysis.stats(since != null ? since : s.buckets.sinceStart(), WindowKind.SINCE_START, 0, map(s));
                s.sinceStartAtMs = now;
                s.sinceStartSequence = s.buckets.lastSequence();
            }
        }
        AlignmentSnapshot snap = analysis.snapshot(key, received, s.windows.snapshot(map(s)), s.sinceStart,
                labels.recentDelays(key, s.buckets.maxTimestampMs(), analysis.labelDelayDays()), now,
                s.accuracy == null ? null : s.accuracy.version(), s.accuracy == null ? null : s.accuracy.check());
        Record<String, AlignmentSnapshot> out = new Record<>(key, snap, now);
        context.forward(fresh ? out.withHeaders(AlignmentSnapshot.freshHeaders()) : out);
        if (s.sinceStartSequence != s.buckets.lastSequence() || s.accuracyCheckedSequence != s.buckets.lastSequence()) {
            if (!fresh) pendingSinceSnapshot.putIfAbsent(key, 0);
        }
    }
}

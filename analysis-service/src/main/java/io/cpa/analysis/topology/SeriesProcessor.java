package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.ObservationLog;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
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
 * Adds each certainty (validated and keyed by series) to its series' windows and forwards a snapshot to
 * cpa.alignment at most every {@code snapshotEvery} answers or {@code snapshotInterval}, whichever comes first. The
 * snapshot is forwarded as a record so that the alert and history processors downstream need not parse it.
 *
 * <p>State, all in persistent stores with changelogs (so exactly-once processing covers it):
 * <ul>
 *   <li>{@code series-observations}: every observation, once, keyed by series and arrival number. Each record costs
 *       one small write instead of re-serialising a whole window.</li>
 *   <li>{@code series-arrivals}: per series, the number of certainties counted so far.</li>
 *   <li>{@code series-snapshots}: per series, the last snapshot, which the API serves.</li>
 *   <li>{@code series-counted-answers}: per series and answer id, the arrival that counted it. A second certainty for
 *       an answer (a producer that wrote it twice, a replay) is not counted again: the statistics are over answers,
 *       and one answer counted twice would weigh double.</li>
 * </ul>
 * The engine's windows live in memory per task and are rebuilt from the observation log the first time a series is
 * touched after a start, a restore or a rebalance; a restored task re-publishes every series' snapshot at its first
 * punctuation, so what the API serves is never older than the state.
 */
final class SeriesProcessor implements Processor<String, CertaintyEvent, String, AlignmentSnapshot> {
    private static final Logger LOG = Logger.getLogger(SeriesProcessor.class);
    private final AnalysisConfig config;
    private final SeriesAnalysis analysis;
    private final RecentAnswers recent;
    private final Map<String, SeriesWindows> windows = new HashMap<>();
    private final Map<String, Integer> pendingSinceSnapshot = new HashMap<>();
    private ProcessorContext<String, AlignmentSnapshot> context;
    private KeyValueStore<String, byte[]> observations;
    private KeyValueStore<String, Long> arrivals;
    private KeyValueStore<String, String> snapshots;
    private KeyValueStore<String, Long> counted;

    SeriesProcessor(AnalysisConfig config, SeriesAnalysis analysis, RecentAnswers recent) {
        this.config = config;
        this.analysis = analysis;
        this.recent = recent;
    }

    @Override
    public void init(ProcessorContext<String, AlignmentSnapshot> context) {
        this.context = context;
        this.observations = context.getStateStore(AlignmentTopology.OBSERVATIONS);
        this.arrivals = context.getStateStore(AlignmentTopology.ARRIVALS);
        this.snapshots = context.getStateStore(AlignmentTopology.SNAPSHOTS);
        this.counted = context.getStateStore(AlignmentTopology.COUNTED);
        windows.clear();
        pendingSinceSnapshot.clear();
        try (KeyValueIterator<String, Long> it = arrivals.all()) {
            it.forEachRemaining(kv -> pendingSinceSnapshot.put(kv.key, 0));
        }
        context.schedule(config.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushPending());
    }

    @Override
    public void process(Record<String, CertaintyEvent> record) {
        String key = record.key();
        CertaintyEvent event = record.value();
        String answerKey = ObservationLog.answerKey(key, event.answerId());
        Long countedAt = counted.get(answerKey);
        if (countedAt != null) {
            LOG.debugf("series %s: answer %s already counted (arrival %d); not counted again", key, event.answerId(), countedAt);
            return;
        }
        SeriesWindows series = windows(key);
        Long last = arrivals.get(key);
        long arrival = last == null ? 1 : last + 1;
        counted.put(answerKey, arrival);
        Observation o = SeriesAnalysis.observation(arrival, SeriesAnalysis.eventTime(event), event);
        series.add(o);
        observations.put(ObservationLog.key(key, arrival), ObservationLog.encode(o));
        arrivals.put(key, arrival);
        recent.add(event);
        int pending = pendingSinceSnapshot.merge(key, 1, Integer::sum);
        if (pending >= config.snapshotEvery()) snapshot(key);
    }

    private SeriesWindows windows(String key) {
        SeriesWindows w = windows.get(key);
        if (w != null) return w;
        SeriesWindows rebuilt = analysis.newWindows();
        try (KeyValueIterator<String, byte[]> it = observations.range(ObservationLog.from(key), ObservationLog.to(key))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                rebuilt.add(ObservationLog.decode(ObservationLog.arrival(kv.key), kv.value));
            }
        }
        windows.put(key, rebuilt);
        return rebuilt;
    }

    private void flushPending() {
        for (String key : Map.copyOf(pendingSinceSnapshot).keySet()) snapshot(key);
    }

    private void snapshot(String key) {
        pendingSinceSnapshot.remove(key);
        Long received = arrivals.get(key);
        if (received == null) return;
        AlignmentSnapshot s = analysis.snapshot(key, received, windows(key).snapshot(), context.currentSystemTimeMs());
        snapshots.put(key, EventJson.write(s));
        context.forward(new Record<>(key, s, context.currentSystemTimeMs()));
    }
}

package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.SeriesState;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Adds each certainty (already validated and keyed by series) to its series' state in the store, and forwards a
 * snapshot of the series to cpa.alignment at most every {@code snapshotEvery} answers or {@code snapshotInterval},
 * whichever comes first.
 */
final class SeriesProcessor implements Processor<String, CertaintyEvent, String, String> {
    private final AnalysisConfig config;
    private final Map<String, Integer> pendingSinceSnapshot = new HashMap<>();
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, byte[]> store;

    SeriesProcessor(AnalysisConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.store = context.getStateStore(AlignmentTopology.STORE);
        context.schedule(config.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushPending());
    }

    @Override
    public void process(Record<String, CertaintyEvent> record) {
        String key = record.key();
        byte[] stored = store.get(key);
        SeriesState state = stored == null ? new SeriesState(key) : SeriesState.fromBytes(stored);
        state.add(record.value());
        store.put(key, state.toBytes());
        int pending = pendingSinceSnapshot.merge(key, 1, Integer::sum);
        if (pending >= config.snapshotEvery()) snapshot(key, state);
    }

    private void flushPending() {
        for (String key : Map.copyOf(pendingSinceSnapshot).keySet()) {
            byte[] stored = store.get(key);
            if (stored != null) snapshot(key, SeriesState.fromBytes(stored));
        }
    }

    private void snapshot(String key, SeriesState state) {
        pendingSinceSnapshot.remove(key);
        context.forward(new Record<>(key, EventJson.write(state.view(config.windows(), config.minN())), context.currentSystemTimeMs()));
    }
}

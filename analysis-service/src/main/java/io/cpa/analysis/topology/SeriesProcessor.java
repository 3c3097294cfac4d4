package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.SeriesState;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.Topics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds each certainty to its series' state in the store and forwards a snapshot of the series to cpa.alignment at
 * most every {@code snapshotEvery} answers or {@code snapshotInterval} (whichever first). Unreadable records and
 * records whose key is not their series go to the dead-letter topic; nothing here throws on bad input.
 */
final class SeriesProcessor implements Processor<String, byte[], String, String> {
    private final DeadLetters deadLetters;
    private final AnalysisConfig config;
    private final Map<String, Integer> pendingSinceSnapshot = new HashMap<>();
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, byte[]> store;

    SeriesProcessor(DeadLetters deadLetters, AnalysisConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.store = context.getStateStore(AlignmentTopology.STORE);
        context.schedule(config.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushPending());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CertaintyEvent event;
        try {
            if (record.value() == null) throw new InvalidEventException("empty record value");
            event = EventJson.readCertainty(new String(record.value(), StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (record.key() != null && !record.key().equals(event.seriesKey())) {
            deadLetter(record, "record key '" + record.key() + "' is not the event's series '" + event.seriesKey() + "'");
            return;
        }
        String key = event.seriesKey();
        byte[] stored = store.get(key);
        SeriesState state = stored == null ? new SeriesState(key) : SeriesState.fromBytes(stored);
        state.add(event);
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

    private void deadLetter(Record<String, byte[]> record, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        deadLetters.send(meta == null ? Topics.CERTAINTIES : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason);
    }
}

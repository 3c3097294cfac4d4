package io.cpa.analysis.topology;

import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.EventJson;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each snapshot's JSON once: the same string becomes the series' entry in {@code series-snapshots} (what the
 * API serves) and the record on cpa.alignment. Writing it separately for each was a full serialisation per snapshot
 * too many.
 */
final class SnapshotWriter implements Processor<String, AlignmentSnapshot, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> snapshots;

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.snapshots = context.getStateStore(StoreNames.SNAPSHOTS);
    }

    @Override
    public void process(Record<String, AlignmentSnapshot> record) {
        String json = EventJson.write(record.value());
        snapshots.put(record.key(), json);
        context.forward(record.withValue(json));
    }
}

package io.cpa.analysis.history;

import io.cpa.analysis.stores.StoreNames;
import io.cpa.event.AlignmentSnapshot;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Appends each snapshot to its series' history ring in the {@code series-history} store (persistent, changelogged:
 * the chart survives a restart and moves with the series on a rebalance). A snapshot re-published after a restore
 * carries the answer and label counts of the last entry and is not appended twice; one after late labels (same answer
 * count, more labels) is.
 */
final class HistoryProcessor implements Processor<String, AlignmentSnapshot, Void, Void> {
    private final int capacity;
    private KeyValueStore<String, String> store;

    HistoryProcessor(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.HISTORY);
    }

    @Override
    public void process(Record<String, AlignmentSnapshot> record) {
        // the ring keeps the paced snapshots only: a short publish interval would otherwise shorten the span it covers
        if (AlignmentSnapshot.isFresh(record.headers())) return;
        String key = record.key();
        String count = store.get(SnapshotHistory.countKey(key));
        long written = count == null ? 0 : Long.parseLong(count);
        String entry = SnapshotHistory.entry(record.value());
        if (written > 0) {
            String last = store.get(SnapshotHistory.slotKey(key, written - 1, capacity));
            if (last != null && SnapshotHistory.received(last) == record.value().received()
                    && SnapshotHistory.labelled(last) == SnapshotHistory.labelled(entry)) return;
        }
        store.put(SnapshotHistory.slotKey(key, written, capacity), entry);
        store.put(SnapshotHistory.countKey(key), Long.toString(written + 1));
    }
}

package io.cpa.analysis.stores;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store's index of entries by time under a prefix each ({@link StoreKeys#timed}: a series, or a namespace of the
 * store), which says which entries a horizon has passed. Per prefix it keeps in memory a time no entry is older than,
 * lowered by every {@link #put}: while the horizon has not reached it nothing can have expired and the store is not
 * scanned, which is what nearly every call finds (a range scan opens a RocksDB iterator). Unknown for a prefix until
 * its first {@link #expire} after {@link #attach}; deleting an entry directly from the store keeps it true.
 * <p>
 * Bound: one number per prefix expired since the task started.
 */
public final class ExpiryOrder {
    private final Map<String, Long> oldestMs = new HashMap<>();
    private KeyValueStore<String, String> store;

    /** The task's store; what was known of another task's is forgotten. */
    public void attach(KeyValueStore<String, String> store) {
        this.store = store;
        oldestMs.clear();
    }

    public void put(String prefix, long timeMs, String id) {
        store.put(StoreKeys.timed(prefix, timeMs, id), "");
        oldestMs.computeIfPresent(prefix, (p, oldest) -> Math.min(oldest, Math.max(0, timeMs)));
    }

    /** Deletes the entries of {@code prefix} older than {@code cutoffMs} and returns their ids, the oldest first. */
    public List<String> expire(String prefix, long cutoffMs) {
        Long oldest = oldestMs.get(prefix);
        if (oldest != null && oldest >= cutoffMs) return List.of();
        List<String> doomed = new ArrayList<>();
        long remainingFromMs = Long.MAX_VALUE;
        try (KeyValueIterator<String, String> it = store.range(StoreKeys.timeFrom(prefix), StoreKeys.timeTo(prefix, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                String k = it.next().key;
                long at = StoreKeys.timedAt(k);
                if (at >= Math.max(0, cutoffMs)) {
                    remainingFromMs = at;
                    break;
                }
                doomed.add(k);
            }
        }
        oldestMs.put(prefix, remainingFromMs);
        List<String> ids = new ArrayList<>(doomed.size());
        for (String k : doomed) {
            store.delete(k);
            ids.add(StoreKeys.timedId(k));
        }
        return ids;
    }
}

package io.cpa.analysis.skips;

import io.cpa.analysis.stores.StoreNames;
import io.cpa.analysis.topology.DeadLetters;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.SeriesKey;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;

/**
 * cpa.skips -> the series' skip counts in {@code series-skips}. A record that is not a skip, or whose key is not its
 * series, is dead-lettered with the reason. The record's key is its series, so the counts of a series are kept by the
 * task of its partition and restored from their compacted changelog.
 */
public final class SkipCounter implements Processor<String, byte[], Void, Void> {
    private final DeadLetters deadLetters;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> store;

    public SkipCounter(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.SKIPS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SkipEvent skip;
        try {
            skip = EventJson.readSkip(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
            SeriesKey.parse(skip.seriesKey());
            if (!skip.seriesKey().equals(record.key())) {
                throw new InvalidEventException("key " + record.key() + " is not the skip's series " + skip.seriesKey());
            }
        } catch (RuntimeException e) {
            var meta = context.recordMetadata().orElse(null);
            deadLetters.send(Topics.SKIPS, meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                    record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), e.getMessage());
            return;
        }
        String current = store.get(skip.seriesKey());
        SkipCounts counts = current == null ? SkipCounts.none(skip.seriesKey()) : SkipCounts.fromJson(current);
        store.put(skip.seriesKey(), counts.add(skip).toJson());
    }
}

package io.cpa.analysis.stores;

import io.cpa.stats.Bucket;
import io.cpa.stats.BucketCodec;
import io.cpa.stats.BucketResolution;
import io.cpa.stats.BucketStore;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The buckets of one series in the {@link StoreNames#BUCKETS} store: writable for the processor that owns the series,
 * read-only for the queries. Only moves bytes; the rules are in {@code SeriesBuckets} and {@code BucketRanges}.
 */
public final class StoredBuckets implements BucketStore {
    private final String series;
    private final ReadOnlyKeyValueStore<String, byte[]> reads;
    private final KeyValueStore<String, byte[]> writes;

    private StoredBuckets(String series, ReadOnlyKeyValueStore<String, byte[]> reads, KeyValueStore<String, byte[]> writes) {
        this.series = series;
        this.reads = reads;
        this.writes = writes;
    }

    public static StoredBuckets writable(String series, KeyValueStore<String, byte[]> store) {
        return new StoredBuckets(series, store, store);
    }

    public static StoredBuckets readOnly(String series, ReadOnlyKeyValueStore<String, byte[]> store) {
        return new StoredBuckets(series, store, null);
    }

    private KeyValueStore<String, byte[]> writes() {
        if (writes == null) throw new UnsupportedOperationException("the buckets of " + series + " are read-only here");
        return writes;
    }

    @Override
    public Bucket get(BucketResolution r, long startMs) {
        byte[] b = reads.get(StoreKeys.bucket(series, r, startMs));
        return b == null ? null : BucketCodec.decode(b);
    }

    @Override
    public void put(BucketResolution r, long startMs, Bucket bucket) {
        writes().put(StoreKeys.bucket(series, r, startMs), BucketCodec.encode(bucket));
    }

    @Override
    public void deleteBefore(BucketResolution r, long startMs) {
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = reads.range(StoreKeys.bucket(series, r, 0), StoreKeys.bucket(series, r, startMs))) {
            while (it.hasNext()) {
                String k = it.next().key;
                if (StoreKeys.bucketStart(k) < startMs) doomed.add(k);
            }
        }
        for (String k : doomed) writes().delete(k);
    }

    @Override
    public void scan(BucketResolution r, long fromMs, long toMs, BiConsumer<Long, byte[]> visitor) {
        if (toMs <= fromMs) return;
        try (KeyValueIterator<String, byte[]> it = reads.range(StoreKeys.bucket(series, r, fromMs), StoreKeys.bucket(series, r, toMs))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long start = StoreKeys.bucketStart(kv.key);
                if (start >= fromMs && start < toMs) visitor.accept(start, kv.value);
            }
        }
    }

    @Override
    public Bucket total() {
        byte[] b = reads.get(StoreKeys.total(series));
        return b == null ? null : BucketCodec.decode(b);
    }

    @Override
    public void putTotal(Bucket total) {
        writes().put(StoreKeys.total(series), BucketCodec.encode(total));
    }

    @Override
    public Position position() {
        byte[] b = reads.get(StoreKeys.position(series));
        if (b == null) return null;
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new Position(buf.getLong(), buf.getLong());
    }

    @Override
    public void putPosition(Position p) {
        writes().put(StoreKeys.position(series), ByteBuffer.allocate(16).putLong(p.lastSequence()).putLong(p.maxTimestampMs()).array());
    }
}

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
 *
 * <p>A bucket encoded larger than {@link #PART_BYTES} (a day or the total of a busy series: up to a few MB) is stored
 * in parts: the key holds a small header (a format byte no bucket has, then the number of parts) and the parts live
 * under {@link StoreKeys#part}. Every record of the changelog then stays below the producer's 1 MiB request limit.
 */
public final class StoredBuckets implements BucketStore {
    static final int PART_BYTES = 512 * 1024;
    private static final byte PARTS = (byte) 0xFE;
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
        String key = StoreKeys.bucket(series, r, startMs);
        byte[] b = reads.get(key);
        return b == null ? null : BucketCodec.decode(whole(key, b));
    }

    @Override
    public void put(BucketResolution r, long startMs, Bucket bucket) {
        putBytes(StoreKeys.bucket(series, r, startMs), BucketCodec.encode(bucket));
    }

    private void putBytes(String key, byte[] bytes) {
        int before = parts(reads.get(key));
        int after = 0;
        if (bytes.length <= PART_BYTES) {
            writes().put(key, bytes);
        } else {
            after = (bytes.length + PART_BYTES - 1) / PART_BYTES;
            for (int i = 0; i < after; i++) {
                writes().put(StoreKeys.part(key, i), java.util.Arrays.copyOfRange(bytes, i * PART_BYTES, Math.min(bytes.length, (i + 1) * PART_BYTES)));
            }
            writes().put(key, ByteBuffer.allocate(5).put(PARTS).putInt(after).array());
        }
        for (int i = after; i < before; i++) writes().delete(StoreKeys.part(key, i));
    }

    private void deleteKey(String key) {
        int parts = parts(reads.get(key));
        for (int i = 0; i < parts; i++) writes().delete(StoreKeys.part(key, i));
        writes().delete(key);
    }

    private static int parts(byte[] stored) {
        return stored != null && stored.length == 5 && stored[0] == PARTS ? ByteBuffer.wrap(stored, 1, 4).getInt() : 0;
    }

    /** The bucket's bytes: the stored value, or its parts put together. */
    private byte[] whole(String key, byte[] stored) {
        int parts = parts(stored);
        if (parts == 0) return stored;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(parts * PART_BYTES);
        for (int i = 0; i < parts; i++) {
            byte[] part = reads.get(StoreKeys.part(key, i));
            if (part == null) throw new IllegalStateException("bucket " + key.replace('\u0000', '/') + ": part " + i + " of " + parts + " is missing");
            out.writeBytes(part);
        }
        return out.toByteArray();
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
        for (String k : doomed) deleteKey(k);
    }

    @Override
    public void scan(BucketResolution r, long fromMs, long toMs, BiConsumer<Long, byte[]> visitor) {
        if (toMs <= fromMs) return;
        try (KeyValueIterator<String, byte[]> it = reads.range(StoreKeys.bucket(series, r, fromMs), StoreKeys.bucket(series, r, toMs))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long start = StoreKeys.bucketStart(kv.key);
                if (start >= fromMs && start < toMs) visitor.accept(start, whole(kv.key, kv.value));
            }
        }
    }

    @Override
    public Bucket total() {
        String key = StoreKeys.total(series);
        byte[] b = reads.get(key);
        return b == null ? null : BucketCodec.decode(whole(key, b));
    }

    @Override
    public void putTotal(Bucket total) {
        putBytes(StoreKeys.total(series), BucketCodec.encode(total));
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

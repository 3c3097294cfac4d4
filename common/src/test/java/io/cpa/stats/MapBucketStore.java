package io.cpa.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** A {@link BucketStore} over sorted maps, holding bytes as a real store would (every read decodes). */
final class MapBucketStore implements BucketStore {
    final Map<BucketResolution, TreeMap<Long, byte[]>> buckets = new EnumMap<>(BucketResolution.class);
    private byte[] total;
    private Position position;
    long writes;

    MapBucketStore() {
        for (BucketResolution r : BucketResolution.values()) buckets.put(r, new TreeMap<>());
    }

    @Override
    public Bucket get(BucketResolution r, long startMs) {
        byte[] b = buckets.get(r).get(startMs);
        return b == null ? null : BucketCodec.decode(b);
    }

    @Override
    public void put(BucketResolution r, long startMs, Bucket bucket) {
        writes++;
        buckets.get(r).put(startMs, BucketCodec.encode(bucket));
    }

    @Override
    public void deleteBefore(BucketResolution r, long startMs) {
        buckets.get(r).headMap(startMs).clear();
    }

    @Override
    public void scan(BucketResolution r, long fromMs, long toMs, BiConsumer<Long, byte[]> visitor) {
        if (toMs <= fromMs) return;
        buckets.get(r).subMap(fromMs, toMs).forEach(visitor);
    }

    @Override
    public Bucket total() {
        return total == null ? null : BucketCodec.decode(total);
    }

    @Override
    public void putTotal(Bucket t) {
        total = BucketCodec.encode(t);
    }

    @Override
    public Position position() {
        return position;
    }

    @Override
    public void putPosition(Position p) {
        position = p;
    }
}

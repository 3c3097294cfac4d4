package io.cpa.stats;

import java.util.function.BiConsumer;

/**
 * Where the buckets of one series are kept (a Kafka Streams store in the service, a map in tests). Implementations
 * only move bytes: the rules are in {@link SeriesBuckets} and {@link BucketRanges}.
 */
public interface BucketStore {
    /** The bucket of resolution {@code r} starting at {@code startMs}, or null. */
    Bucket get(BucketResolution r, long startMs);

    void put(BucketResolution r, long startMs, Bucket bucket);

    /** Deletes every bucket of resolution {@code r} that starts before {@code startMs}. */
    void deleteBefore(BucketResolution r, long startMs);

    /** Visits, in start order, the buckets of resolution {@code r} with start in [fromMs, toMs), undecoded. */
    void scan(BucketResolution r, long fromMs, long toMs, BiConsumer<Long, byte[]> visitor);

    /** The sum of every closed day (since start), or null. */
    Bucket total();

    void putTotal(Bucket total);

    /** The position the stored buckets are complete to, or null before the first write. */
    Position position();

    void putPosition(Position position);

    /**
     * What the stored buckets hold: exactly the observations with sequence at or below {@code lastSequence};
     * {@code maxTimestampMs} is the latest event time among them (which buckets are closed follows from it).
     */
    record Position(long lastSequence, long maxTimestampMs) {}
}

package io.cpa.analysis.stores;

import io.cpa.stats.BucketResolution;

/**
 * Keys of the per-series stores: {@code seriesKey NUL ...}, with numbers zero-padded so that a range scan returns a
 * series' entries in order. A series key never holds NUL (it is {@code model|source|variant} of printable text).
 */
public final class StoreKeys {
    private static final char SEP = '\u0000';

    private StoreKeys() {}

    /** An entry of a series' log ordered by arrival (the observation log, the order of counted ids). */
    public static String arrival(String seriesKey, long arrival) {
        return seriesKey + SEP + String.format("%019d", arrival);
    }

    public static String arrivalFrom(String seriesKey) {
        return seriesKey + SEP;
    }

    public static String arrivalTo(String seriesKey) {
        return seriesKey + SEP + "9999999999999999999";
    }

    public static long arrivalOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEP) + 1));
    }

    /** One answer of a series in the store of answers already counted. */
    public static String answer(String seriesKey, String answerId) {
        return seriesKey + SEP + answerId;
    }

    /**
     * An entry of an index ordered by time: {@code prefix NUL time NUL id}. A range scan from {@link #timeFrom} to
     * {@link #timeTo} returns the ids in time order; the prefix is a series key or a namespace of the store.
     */
    public static String timed(String prefix, long timeMs, String id) {
        return prefix + SEP + String.format("%019d", Math.max(0, timeMs)) + SEP + id;
    }

    public static String timeFrom(String prefix) {
        return prefix + SEP;
    }

    /** Just past every entry of {@code prefix} before {@code timeMs}. */
    public static String timeTo(String prefix, long timeMs) {
        return prefix + SEP + String.format("%019d", Math.max(0, timeMs));
    }

    /** The id of a {@link #timed} key. */
    public static String timedId(String key) {
        int first = key.indexOf(SEP);
        return key.substring(key.indexOf(SEP, first + 1) + 1);
    }

    public static long timedAt(String key) {
        int first = key.indexOf(SEP);
        return Long.parseLong(key.substring(first + 1, key.indexOf(SEP, first + 1)));
    }

    public static String bucket(String seriesKey, BucketResolution r, long startMs) {
        return seriesKey + SEP + r.name().charAt(0) + SEP + String.format("%015d", Math.max(0, startMs));
    }

    /** One UTC day of a series (its start, epoch ms) in a store kept per day. */
    public static String day(String seriesKey, long dayStartMs) {
        return seriesKey + SEP + String.format("%015d", Math.max(0, dayStartMs));
    }

    public static long bucketStart(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEP) + 1));
    }

    /**
     * Part {@code i} of a value stored in parts (see {@code StoredBuckets}): a namespace of its own, so that no range
     * scan of buckets meets a part.
     */
    public static String part(String key, int i) {
        int sep = key.indexOf(SEP);
        return key.substring(0, sep) + SEP + '~' + key.substring(sep) + SEP + String.format("%05d", i);
    }

    public static String total(String seriesKey) {
        return seriesKey + SEP + "total";
    }

    public static String position(String seriesKey) {
        return seriesKey + SEP + "position";
    }
}

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
        return seriesKey + SEP + padded(arrival, 19);
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
        return prefix + SEP + padded(Math.max(0, timeMs), 19) + SEP + id;
    }

    public static String timeFrom(String prefix) {
        return prefix + SEP;
    }

    /** Just past every entry of {@code prefix} before {@code timeMs}. */
    public static String timeTo(String prefix, long timeMs) {
        return prefix + SEP + padded(Math.max(0, timeMs), 19);
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
        return seriesKey + SEP + r.name().charAt(0) + SEP + padded(Math.max(0, startMs), 15);
    }

    /** One UTC day of a series (its start, epoch ms) in a store kept per day. */
    public static String day(String seriesKey, long dayStartMs) {
        return seriesKey + SEP + padded(Math.max(0, dayStartMs), 15);
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
        return key.substring(0, sep) + SEP + '~' + key.substring(sep) + SEP + padded(i, 5);
    }

    /**
     * {@code String.format("%0<width>d", value)} without a Formatter: several keys are built per certainty, and the
     * formatter's parsing of its pattern cost more than the rest of the key. Negative values keep the format's layout.
     */
    public static String padded(long value, int width) {
        if (value < 0) return String.format("%0" + width + "d", value);
        String digits = Long.toString(value);
        int zeros = width - digits.length();
        if (zeros <= 0) return digits;
        StringBuilder out = new StringBuilder(width);
        for (int i = 0; i < zeros; i++) out.append('0');
        return out.append(digits).toString();
    }

    public static String total(String seriesKey) {
        return seriesKey + SEP + "total";
    }

    public static String position(String seriesKey) {
        return seriesKey + SEP + "position";
    }
}

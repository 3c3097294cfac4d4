package io.cpa.analysis.series;

import io.cpa.certainty.ParseStatus;
import io.cpa.stats.Observation;

import java.nio.ByteBuffer;

/**
 * The compact form of an observation in the state store. Keys are {@code seriesKey NUL arrival} with the arrival
 * counter zero-padded to 19 digits, so a prefix range scan returns a series' observations in arrival order; the
 * series' state is rebuilt from that scan after a restart or a rebalance.
 */
public final class ObservationLog {
    private static final char SEP = '\u0000';
    private static final byte NULL_BOOL = 2;

    private ObservationLog() {}

    public static String key(String seriesKey, long arrival) {
        return seriesKey + SEP + String.format("%019d", arrival);
    }

    /** Key of one answer of a series in the store of answers already counted. */
    public static String answerKey(String seriesKey, String answerId) {
        return seriesKey + SEP + answerId;
    }

    /** First key of the series' range (inclusive). */
    public static String from(String seriesKey) {
        return seriesKey + SEP;
    }

    /** Last key of the series' range (inclusive). */
    public static String to(String seriesKey) {
        return seriesKey + SEP + "9999999999999999999";
    }

    public static long arrival(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEP) + 1));
    }

    public static byte[] encode(Observation o) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 8 + 1 + 1);
        b.putLong(o.timestampMs());
        b.putDouble(o.ic() == null ? Double.NaN : o.ic());
        b.putDouble(o.vc() == null ? Double.NaN : o.vc());
        b.put((byte) o.vcStatus().ordinal());
        b.put(o.correct() == null ? NULL_BOOL : (byte) (o.correct() ? 1 : 0));
        return b.array();
    }

    public static Observation decode(long arrival, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long ts = b.getLong();
        double ic = b.getDouble();
        double vc = b.getDouble();
        ParseStatus status = ParseStatus.values()[b.get()];
        byte correct = b.get();
        return new Observation(arrival, ts, Double.isNaN(ic) ? null : ic, Double.isNaN(vc) ? null : vc, status,
                correct == NULL_BOOL ? null : correct == 1);
    }
}

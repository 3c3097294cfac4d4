package io.cpa.stats;

import io.cpa.certainty.ParseStatus;

import java.nio.ByteBuffer;

/**
 * The one byte form of an {@link Observation} without its sequence (a store key carries that): event time (8 bytes),
 * IC and VC as doubles with NaN for "absent" (8 + 8), the parse status ordinal (1), correctness 0/1/2 = false/true/
 * unknown (1): 26 bytes; with a probabilistic VC, its expectation and entropy (8 + 8) and mode rank (1) follow:
 * 43 bytes. The length tells the two apart, so observations stored before the probabilistic VC still decode.
 */
public final class ObservationCodec {
    public static final int SIZE = 26;
    public static final int SIZE_WITH_PVC = SIZE + 17;
    private static final byte UNKNOWN = 2;

    private ObservationCodec() {}

    public static byte[] encode(Observation o) {
        ByteBuffer b = ByteBuffer.allocate(o.pvc() == null ? SIZE : SIZE_WITH_PVC);
        b.putLong(o.timestampMs());
        b.putDouble(o.ic() == null ? Double.NaN : o.ic());
        b.putDouble(o.vc() == null ? Double.NaN : o.vc());
        b.put((byte) o.vcStatus().ordinal());
        b.put(o.correct() == null ? UNKNOWN : (byte) (o.correct() ? 1 : 0));
        if (o.pvc() != null) {
            b.putDouble(o.pvc().expectation());
            b.putDouble(o.pvc().entropy());
            b.put((byte) o.pvc().modeRank());
        }
        return b.array();
    }

    public static Observation decode(long sequence, byte[] bytes) {
        if (bytes == null || bytes.length != SIZE && bytes.length != SIZE_WITH_PVC) {
            throw new IllegalArgumentException("observation bytes: expected " + SIZE + " or " + SIZE_WITH_PVC + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long ts = b.getLong();
        double ic = b.getDouble();
        double vc = b.getDouble();
        int status = b.get();
        byte correct = b.get();
        if (status < 0 || status >= ParseStatus.values().length) throw new IllegalArgumentException("observation bytes: bad parse status " + status);
        if (correct < 0 || correct > UNKNOWN) throw new IllegalArgumentException("observation bytes: bad correctness " + correct);
        Observation.ProbabilisticPoint pvc = null;
        if (bytes.length == SIZE_WITH_PVC) {
            double expectation = b.getDouble();
            double entropy = b.getDouble();
            pvc = new Observation.ProbabilisticPoint(expectation, b.get(), entropy);
        }
        return new Observation(sequence, ts, Double.isNaN(ic) ? null : ic, Double.isNaN(vc) ? null : vc,
                ParseStatus.values()[status], correct == UNKNOWN ? null : correct == 1, pvc);
    }
}

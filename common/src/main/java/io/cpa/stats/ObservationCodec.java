package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.label.Verdicts;

import java.nio.ByteBuffer;

/**
 * The one byte form of an {@link Observation} without its sequence (a store key carries that). Four forms, told apart
 * by their length, so that every form ever written still decodes:
 * <table>
 *   <caption>forms</caption>
 *   <tr><th>bytes</th><th>layout</th></tr>
 *   <tr><td>27</td><td>the 26 below, then the verdicts byte ({@link Verdicts#bits()}): what {@link #encode} writes
 *       without a probabilistic VC</td></tr>
 *   <tr><td>44</td><td>the 43 below, then the verdicts byte: what {@link #encode} writes with one</td></tr>
 *   <tr><td>26</td><td>event time (8 bytes), IC and VC as doubles with NaN for "absent" (8 + 8), the parse status
 *       ordinal (1), the headline correctness 0/1/2 = false/true/unknown (1). Written before labels: decodes with
 *       the gold verdict equal to the correctness</td></tr>
 *   <tr><td>43</td><td>the 26 above, then the probabilistic VC's expectation and entropy (8 + 8) and mode rank (1);
 *       written before labels, decodes as the 26</td></tr>
 * </table>
 */
public final class ObservationCodec {
    /** Written before labels, without and with a probabilistic VC. */
    public static final int SIZE_BEFORE_LABELS = 26;
    public static final int SIZE_WITH_PVC_BEFORE_LABELS = SIZE_BEFORE_LABELS + 17;
    /** What {@link #encode} writes, without and with a probabilistic VC. */
    public static final int SIZE = SIZE_BEFORE_LABELS + 1;
    public static final int SIZE_WITH_PVC = SIZE_WITH_PVC_BEFORE_LABELS + 1;
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
        b.put(o.verdicts().bits());
        return b.array();
    }

    public static Observation decode(long sequence, byte[] bytes) {
        int length = bytes == null ? -1 : bytes.length;
        if (length != SIZE && length != SIZE_WITH_PVC && length != SIZE_BEFORE_LABELS && length != SIZE_WITH_PVC_BEFORE_LABELS) {
            throw new IllegalArgumentException("observation bytes: expected " + SIZE + ", " + SIZE_WITH_PVC + ", "
                    + SIZE_BEFORE_LABELS + " or " + SIZE_WITH_PVC_BEFORE_LABELS + " bytes, got " + (bytes == null ? "null" : length));
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
        if (length == SIZE_WITH_PVC || length == SIZE_WITH_PVC_BEFORE_LABELS) {
            double expectation = b.getDouble();
            double entropy = b.getDouble();
            pvc = new Observation.ProbabilisticPoint(expectation, b.get(), entropy);
        }
        Verdicts verdicts = length == SIZE || length == SIZE_WITH_PVC ? new Verdicts(b.get()) : null;
        return new Observation(sequence, ts, Double.isNaN(ic) ? null : ic, Double.isNaN(vc) ? null : vc,
                ParseStatus.values()[status], correct == UNKNOWN ? null : correct == 1, pvc, verdicts);
    }
}

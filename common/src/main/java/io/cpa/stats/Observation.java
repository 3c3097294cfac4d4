package io.cpa.stats;

import io.cpa.certainty.ParseStatus;

/**
 * One answer as the windows see it.
 *
 * @param sequence    producer sequence; windows accept strictly increasing sequences only
 * @param timestampMs event time, epoch milliseconds, for time windows
 * @param ic          internal confidence in [0, 1], or null when the answer had none (counted, not paired)
 * @param vc          verbalized certainty in [0, 1], or null when the reply did not parse (counted, not paired);
 *                    mapped to its level round(5 vc)
 * @param vcStatus    how the certainty reply was read; vc is present exactly when OK
 * @param correct     correctness when a label exists, else null
 */
public record Observation(long sequence, long timestampMs, Double ic, Double vc, ParseStatus vcStatus, Boolean correct) {
    public Observation {
        if (vcStatus == null) throw new IllegalArgumentException("observation vcStatus is null");
        if (ic != null) {
            if (Double.isNaN(ic) || ic < 0 || ic > 1) throw new IllegalArgumentException("observation ic outside [0,1]: " + ic);
            ic = ic + 0.0; // -0.0 becomes 0.0, so that equal values share one rank
        }
        if ((vc != null) != (vcStatus == ParseStatus.OK)) {
            throw new IllegalArgumentException("observation vc must be present exactly when vcStatus is OK: vc " + vc + ", status " + vcStatus);
        }
        if (vc != null && (Double.isNaN(vc) || vc < 0 || vc > 1)) throw new IllegalArgumentException("observation vc outside [0,1]: " + vc);
    }

    public static Observation paired(long sequence, long timestampMs, double ic, double vc, Boolean correct) {
        return new Observation(sequence, timestampMs, ic, vc, ParseStatus.OK, correct);
    }

    /** VC level 0..5 (round(5 vc)), or -1 when the reply did not parse. */
    public int vcLevel() {
        return vc == null ? -1 : (int) Math.round(5 * vc);
    }

    public boolean isPaired() {
        return ic != null && vc != null;
    }
}

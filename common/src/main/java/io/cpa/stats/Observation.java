package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.certainty.ProbabilisticVc;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;

import java.util.List;
import java.util.Objects;

/**
 * One answer as the windows see it.
 *
 * @param sequence    producer sequence; windows accept strictly increasing sequences only
 * @param timestampMs event time, epoch milliseconds, for time windows
 * @param ic          internal confidence in [0, 1], or null when the answer had none (counted, not paired)
 * @param vc          verbalized certainty in [0, 1], or null when the reply did not parse (counted, not paired); ranked
 *                    as its value (six levels, the numeric scale, or finer at 0.001), never rounded to six levels
 * @param vcStatus    how the certainty reply was read; vc is present exactly when OK
 * @param correct     the headline correctness: the verdict of the first kind in the precedence that has one, else null;
 *                    what every statistic but the per-kind calibration uses
 * @param pvc         the probabilistic VC of the certainty reply, or null when the reply had none
 * @param verdicts    each labeller kind's verdict; null means the gold verdict {@code correct} alone (an observation of
 *                    before labels). A non-null {@code correct} is the verdict of some kind; it is null when no kind
 *                    of the precedence has judged (a kind may be left out of the precedence and still judge)
 */
public record Observation(long sequence, long timestampMs, Double ic, Double vc, ParseStatus vcStatus, Boolean correct,
                          ProbabilisticPoint pvc, Verdicts verdicts) {
    /**
     * The part of a probabilistic VC the windows keep.
     *
     * @param expectation the expected VC value in [0, 1], ranked at 0.001
     * @param modeRank    the most probable level's rank, 0 (very uncertain) .. 5 (very certain)
     * @param entropy     in bits, in [0, log2 6]
     */
    public record ProbabilisticPoint(double expectation, int modeRank, double entropy) {
        public ProbabilisticPoint {
            if (Double.isNaN(expectation) || expectation < 0 || expectation > 1) throw new IllegalArgumentException("observation pvc outside [0,1]: " + expectation);
            if (modeRank < 0 || modeRank > 5) throw new IllegalArgumentException("observation pvc mode rank outside 0..5: " + modeRank);
            if (Double.isNaN(entropy) || entropy < 0 || entropy > ProbabilisticVc.MAX_ENTROPY + 1e-9) throw new IllegalArgumentException("observation pvc entropy outside [0, log2 6]: " + entropy);
            expectation = expectation + 0.0;
        }
    }

    public Observation {
        if (vcStatus == null) throw new IllegalArgumentException("observation vcStatus is null");
        if (ic != null) {
            if (Double.isNaN(ic) || ic < 0 || ic > 1) throw new IllegalArgumentException("observation ic outside [0,1]: " + ic);
            if (ic == 0.0) ic = 0.0; // -0.0 becomes 0.0, so that equal values share one rank; other values keep their box
        }
        if ((vc != null) != (vcStatus == ParseStatus.OK)) {
            throw new IllegalArgumentException("observation vc must be present exactly when vcStatus is OK: vc " + vc + ", status " + vcStatus);
        }
        if (vc != null) {
            if (Double.isNaN(vc) || vc < 0 || vc > 1) throw new IllegalArgumentException("observation vc outside [0,1]: " + vc);
            if (vc == 0.0) vc = 0.0;
        }
        if (verdicts == null) verdicts = Verdicts.gold(correct);
        if (correct != null && !verdicts.contains(correct)) {
            throw new IllegalArgumentException("observation correct " + correct + " is not the verdict of any kind in " + verdicts);
        }
    }

    /** An observation whose only label is the gold one, {@code correct}. */
    public Observation(long sequence, long timestampMs, Double ic, Double vc, ParseStatus vcStatus, Boolean correct,
                       ProbabilisticPoint pvc) {
        this(sequence, timestampMs, ic, vc, vcStatus, correct, pvc, null);
    }

    /** An observation without a probabilistic VC, whose only label is the gold one. */
    public Observation(long sequence, long timestampMs, Double ic, Double vc, ParseStatus vcStatus, Boolean correct) {
        this(sequence, timestampMs, ic, vc, vcStatus, correct, null);
    }

    public static Observation paired(long sequence, long timestampMs, double ic, double vc, Boolean correct) {
        return new Observation(sequence, timestampMs, ic, vc, ParseStatus.OK, correct);
    }

    /**
     * This answer with other verdicts, its headline the verdict of the first kind in {@code precedence} that has one.
     * Kinds left out of the precedence are kept (calibrated per kind) but never decide the headline.
     */
    public Observation relabelled(Verdicts newVerdicts, List<LabelKind> precedence) {
        return new Observation(sequence, timestampMs, ic, vc, vcStatus, newVerdicts.headline(precedence), pvc, newVerdicts);
    }

    /** Whether {@code other} is this answer (same sequence, time, IC, VC and probabilistic VC), whatever its labels. */
    public boolean sameAnswer(Observation other) {
        return sequence == other.sequence && timestampMs == other.timestampMs && Objects.equals(ic, other.ic)
                && Objects.equals(vc, other.vc) && vcStatus == other.vcStatus && Objects.equals(pvc, other.pvc);
    }

    /** VC level 0..5 (round(5 vc)), or -1 when the reply did not parse: the bin of the VC distribution. */
    public int vcLevel() {
        return vc == null ? -1 : (int) Math.round(5 * vc);
    }

    public boolean isPaired() {
        return ic != null && vc != null;
    }
}

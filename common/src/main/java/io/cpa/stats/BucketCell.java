package io.cpa.stats;

/**
 * Where one observation falls in a time bucket: an int key (IC cell, VC value, correctness), ordered by IC cell
 * first, so that the entries of a {@link Bucket} come in IC order and every rank statistic is one pass over them.
 *
 * <h2>Axes</h2>
 * <ul>
 *   <li><b>IC cell</b> at resolution {@link #IC_RESOLUTION} = 10^-5: cell c = floor(ic 10^5) holds IC in
 *       [c 10^-5, (c + 1) 10^-5) (cell 100,000 holds 1.0) and stands for the value c 10^-5, its lower edge. Decimal
 *       cells, lower edges and floor make the edges of every equal-width bin of 10, 20, 25, ... bins and the taxonomy
 *       thresholds (0.3, 0.7) fall on cell edges, so bin membership is the raw value's; and an IC given with at most five
 *       decimals (ties at 0.3, 0.25, ...) is held exactly. Index 0 is "no IC".</li>
 *   <li><b>VC value</b> at resolution 0.001: code round(vc 1000), 0..1000. This is the value, not the six-level class:
 *       the six levels are the codes 0, 200, ..., 1000, a 1-100 numeric scale is the multiples of 10, and a continuous
 *       probabilistic VC at 0.001 uses any code. The rank statistics rank the code itself, as the exact windows do;
 *       {@link #level} only bins the VC distribution. Index 0 is "the reply did not parse".</li>
 *   <li><b>Correctness</b>: 0 unlabelled, 1 incorrect, 2 correct.</li>
 * </ul>
 * key = icIndex << 12 | vcIndex << 2 | label, icIndex = cell + 1 (at most 100,001, 17 bits), vcIndex = code + 1 (at most
 * 1,001, 10 bits): always a non-negative int.
 */
public final class BucketCell {
    public static final int IC_CELLS = 100_000;
    public static final double IC_RESOLUTION = 1.0 / IC_CELLS;
    public static final int VC_CODES = 1_000;
    /** How many VC codes there are, 0..VC_CODES: the length of a table indexed by code. */
    static final int VC_CODE_COUNT = VC_CODES + 1;
    static final int UNLABELLED = 0;
    static final int INCORRECT = 1;
    static final int CORRECT = 2;

    private BucketCell() {}

    public static int of(Observation o) {
        int ic = o.ic() == null ? 0 : icCell(o.ic()) + 1;
        int vc = o.vc() == null ? 0 : vcCode(o.vc()) + 1;
        int label = o.correct() == null ? UNLABELLED : o.correct() ? CORRECT : INCORRECT;
        return ic << 12 | vc << 2 | label;
    }

    /** floor(ic 10^5), with a nudge of 10^-6 cells so that a decimal written with five digits (0.3) lands in its own cell. */
    static int icCell(double ic) {
        return (int) Math.min(IC_CELLS, Math.floor(ic * IC_CELLS + 1e-6));
    }

    static int vcCode(double vc) {
        return (int) Math.round(vc * VC_CODES);
    }

    /** 0 when the observation had no IC, else cell + 1. */
    static int icIndex(int key) {
        return key >>> 12;
    }

    /** 0 when the VC reply did not parse, else code + 1. */
    static int vcIndex(int key) {
        return (key >>> 2) & 0x3FF;
    }

    static int label(int key) {
        return key & 3;
    }

    /** The six-level class of a VC code, as the exact windows compute it: round(5 vc). */
    static int level(int vcIndex) {
        return (5 * (vcIndex - 1) + VC_CODES / 2) / VC_CODES;
    }

    /** The value a VC code stands for (code / 1000). */
    static double vcValue(int code) {
        return code / (double) VC_CODES;
    }

    /** The value an IC cell stands for. */
    static double icValue(int icIndex) {
        return (icIndex - 1) / (double) IC_CELLS;
    }

    /** Equal-width bin of an IC cell, computed on the integer cell so that it is the bin of every raw value in it. */
    static int bin(int icIndex, int bins) {
        return (int) Math.min((long) (icIndex - 1) * bins / IC_CELLS, bins - 1);
    }
}

package io.cpa.stats;

import java.math.BigInteger;

/**
 * Exact Spearman rho, Kendall tau-b and Pearson r of a multiset of paired points (x = IC, any double in [0, 1];
 * y = a VC value in [0, 1]) under add and remove.
 *
 * <h2>What is ranked</h2>
 * VC is ranked by its code round(1000 y) ({@link BucketCell#vcCode}): the six levels are codes 0, 200, ..., 1000, the
 * hundred numeric values (v - 1) / 99 are a hundred distinct codes in their own order, and a continuous VC (the
 * probabilistic VC's expectation) is ranked at the stated resolution 0.001 (values closer than that can tie). So six
 * levels, the numeric scale and any finer VC are ranked as the values themselves, never as six classes. IC is ranked as
 * the exact double.
 *
 * <h2>When the work is done</h2>
 * Add and remove keep a {@link BufferedJointMultiset} of (IC, code) pairs (an append, and a sorted merge now and then:
 * O(log p) per change for p buffered changes), the count per code and the Pearson sums, whatever the scale. The rank
 * statistics are computed when read, in one {@link RankPass} over the pairs in IC order, O(d log v) for d distinct
 * pairs and v distinct codes, and kept until the next change: a service reads them once per snapshot, not
 * once per answer, and with many-valued VC no per-answer update of the rank-product sum is known that stays
 * O(log d) (it needs, per insertion, the sum of the current VC ranks of the points above the new IC: a two-dimensional
 * quantity whose weights all shift with every insertion).
 *
 * <h2>Pearson</h2>
 * Both values are held as fixed-point integers q = round(v 2^40) (one rounding of at most 2^-41 per value) and every
 * sum is an exact integer, so r is the exact Pearson correlation of the quantised values (|r - r_raw| below 1e-12 for
 * standard deviations of at least 0.001).
 */
final class RankStatistics {
    static final double FIXED_POINT_SCALE = 0x1p40;

    private final BufferedJointMultiset pairs = new BufferedJointMultiset();
    private final long[] codeCount = new long[BucketCell.VC_CODE_COUNT];
    private final Int128 sumQx = new Int128();
    private final Int128 sumQxx = new Int128();
    private final Int128 sumQy = new Int128();
    private final Int128 sumQyy = new Int128();
    private final Int128 sumQxy = new Int128();
    private long n;
    private RankPass lastPass; // null after a change

    static long fixedPoint(double v) {
        return Math.round(v * FIXED_POINT_SCALE);
    }

    long n() {
        return n;
    }

    void add(double x, double y) {
        int code = BucketCell.vcCode(y);
        pairs.add(x, code);
        count(x, y, code, 1);
    }

    /** Removes a point added before (a missing point throws at the next read of the rank statistics). */
    void remove(double x, double y) {
        int code = BucketCell.vcCode(y);
        pairs.remove(x, code);
        count(x, y, code, -1);
    }

    /** The counts and Pearson sums of one point in (sign 1) or out (sign -1); the products are exact with either sign. */
    private void count(double x, double y, int code, int sign) {
        codeCount[code] += sign;
        n += sign;
        long qx = fixedPoint(x);
        long qy = fixedPoint(y);
        sumQx.add(sign * qx);
        sumQxx.addProduct(sign * qx, qx);
        sumQy.add(sign * qy);
        sumQyy.addProduct(sign * qy, qy);
        sumQxy.addProduct(sign * qx, qy);
        lastPass = null;
    }

    Estimate spearman(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        return pass().spearman(minN);
    }

    Estimate kendall(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        return pass().kendall(minN);
    }

    Estimate pearson(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger sx = sumQx.toBigInteger();
        BigInteger sy = sumQy.toBigInteger();
        BigInteger cov = bn.multiply(sumQxy.toBigInteger()).subtract(sx.multiply(sy));
        BigInteger vx = bn.multiply(sumQxx.toBigInteger()).subtract(sx.multiply(sx));
        BigInteger vy = bn.multiply(sumQyy.toBigInteger()).subtract(sy.multiply(sy));
        return Inference.pearson(n, cov, vx, vy);
    }

    private RankPass pass() {
        if (lastPass != null) return lastPass;
        int d = pairs.sorted();
        lastPass = new RankPass(pairs.xs(), pairs.codes(), pairs.counts(), d, codeCount);
        return lastPass;
    }
}

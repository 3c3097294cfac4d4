package io.cpa.stats;

import java.math.BigInteger;

/**
 * Exact incremental state for Spearman rho, Kendall tau-b and Pearson r over a multiset of paired points
 * (x = IC, any double in [0, 1]; y = VC level 0..5).
 *
 * <h2>Spearman: the algebra</h2>
 * Use doubled mid-ranks, which are whole numbers: a point in a tie group of size t that has a points strictly below it
 * gets R = 2a + t + 1. Keep P = sum_i Rx_i Ry_i, and per level l, Sx[l] = sum of Rx over the points of level l.
 * Inserting a point (x0, l0) into a multiset with, per level j, lt[j] / eq[j] / gt[j] points whose x is less than /
 * equal to / greater than x0 changes every other point's ranks by
 * dx_i = 0 / 1 / 2 (x less / equal / greater than x0) and dy_i = 0 / 1 / 2 (level below / equal to / above l0). So
 * <pre>
 *   dP = sum_j (eq[j] + 2 gt[j]) Ry(j)           x-shifts times old y-ranks (Ry depends only on the level)
 *      + sum_j dy(j) Sx[j]                         y-shifts times old x-ranks
 *      + sum_j (eq[j] + 2 gt[j]) dy(j)             both shifts
 *      + Rx0 Ry0                                   the new point with its own ranks
 *   Sx[j] += eq[j] + 2 gt[j];  Sx[l0] += Rx0
 * </pre>
 * all in O(6) once the window's {@link CountTree} has delivered lt and eq in O(6 log d). Removal is the exact inverse: the same quantities
 * are computed for inserting the point into the multiset without it, and subtracted.
 * With sum R = n(n+1) and the tie totals Tx = sum(t^3 - t), the centred sums are
 * Sxy = P - n(n+1)^2 and Sxx = (n^3 - n - Tx) / 3, so rho = 3 Sxy / sqrt((n^3 - n - Tx)(n^3 - n - Ty)): integers until
 * the final division, no drift however long the stream.
 *
 * <h2>Kendall</h2>
 * S = concordant - discordant changes on insertion by sum_{j<l0} lt[j] + sum_{j>l0} gt[j] - sum_{j>l0} lt[j]
 * - sum_{j<l0} gt[j]; ties in x or y are neither. Tie-pair totals Ux = sum t(t-1)/2 and the cubic tie sums of the
 * tie-corrected variance are updated from the group size t before the change: t(t-1)/2 grows by t,
 * t^3 - t by 3t^2 + 3t, t(t-1)(2t+5) by 6t^2 + 12t, t(t-1)(t-2) by 3t(t-1).
 *
 * <h2>Pearson</h2>
 * IC is held as the fixed-point integer q = round(x 2^40) (exact scaling, one rounding of at most 2^-41 per value);
 * VC is its level l (value l / 5). All sums are exact integers, so r is the exact Pearson correlation of the
 * quantised values: |r - r_raw| is at most about 2 * 2^-41 / sd(IC) (first order), below 1e-12 for sd(IC) >= 0.001.
 *
 * <p>Cubic sums live in {@link Int128}; with {@code long} counts everything is exact for any window below 2^31 points.
 */
final class RankAccumulator {
    static final int LEVELS = 6;
    static final double FIXED_POINT_SCALE = 0x1p40;

    private final long[] levelCount = new long[LEVELS];
    private final long[] sx = new long[LEVELS];
    private final long[] gt = new long[LEVELS];
    private final long[] ry = new long[LEVELS];
    private long n;
    private final Int128 p = new Int128();
    private final Int128 xTieCubes = new Int128();      // sum t^3 - t over IC tie groups
    private long xTiePairs;                              // sum t(t-1)/2
    private final Int128 xTieV1 = new Int128();         // sum t(t-1)(2t+5)
    private final Int128 xTieV2 = new Int128();         // sum t(t-1)(t-2)
    private long concordanceBalance;                     // concordant minus discordant pairs
    private final Int128 sumQ = new Int128();
    private final Int128 sumQQ = new Int128();
    private final Int128 sumQL = new Int128();
    private long sumL;
    private long sumLL;

    static long fixedPoint(double x) {
        return Math.round(x * FIXED_POINT_SCALE);
    }

    long n() {
        return n;
    }

    /**
     * Adds the point (x, level); {@code lt}/{@code eq} hold, from index 0 per level, how many paired points of the
     * window before the addition have an x less than / equal to x (what {@link CountTree#add} reports).
     */
    void add(double x, int level, int[] lt, int[] eq) {
        long ltTotal = 0;
        long eqTotal = 0;
        for (int j = 0; j < LEVELS; j++) {
            gt[j] = levelCount[j] - lt[j] - eq[j];
            ltTotal += lt[j];
            eqTotal += eq[j];
        }
        long rx0 = 2 * ltTotal + eqTotal + 2;
        p.add(rankProductDelta(eq, level, rx0));
        for (int j = 0; j < LEVELS; j++) sx[j] += eq[j] + 2 * gt[j];
        sx[level] += rx0;
        concordanceBalance += concordanceDelta(lt, level);
        growTies(eqTotal);
        levelCount[level]++;
        n++;
        long q = fixedPoint(x);
        sumQ.add(q);
        sumQQ.addProduct(q, q);
        sumQL.add(q * level);
        sumL += level;
        sumLL += (long) level * level;
    }

    /** Removes the point (x, level); {@code lt}/{@code eq} count the paired points of the window after the removal. */
    void remove(double x, int level, int[] lt, int[] eq) {
        levelCount[level]--;
        n--;
        long ltTotal = 0;
        long eqTotal = 0;
        for (int j = 0; j < LEVELS; j++) {
            gt[j] = levelCount[j] - lt[j] - eq[j];
            ltTotal += lt[j];
            eqTotal += eq[j];
        }
        long rx0 = 2 * ltTotal + eqTotal + 2;
        // back to the x-rank sums of the multiset without the point, then undo the insertion delta
        for (int j = 0; j < LEVELS; j++) sx[j] -= eq[j] + 2 * gt[j];
        sx[level] -= rx0;
        p.subtract(rankProductDelta(eq, level, rx0));
        concordanceBalance -= concordanceDelta(lt, level);
        shrinkTies(eqTotal);
        long q = fixedPoint(x);
        sumQ.subtract(q);
        sumQQ.subtractProduct(q, q);
        sumQL.subtract(q * level);
        sumL -= level;
        sumLL -= (long) level * level;
    }

    /** dP for inserting (x0, level) into the current multiset; gt, sx and levelCount describe that multiset. */
    private long rankProductDelta(int[] eq, int level, long rx0) {
        long below = 0;
        for (int j = 0; j < LEVELS; j++) {
            ry[j] = 2 * below + levelCount[j] + 1;
            below += levelCount[j];
        }
        long delta = 0;
        for (int j = 0; j < LEVELS; j++) {
            long xShift = eq[j] + 2 * gt[j];
            int dy = j < level ? 0 : (j == level ? 1 : 2);
            delta += xShift * ry[j] + dy * (sx[j] + xShift);
        }
        long ry0 = ry[level] + 1;
        return delta + rx0 * ry0;
    }

    /** sum over levels j of sign(j - level) (gt[j] - lt[j]); written without level-dependent bounds so it unrolls. */
    private long concordanceDelta(int[] lt, int level) {
        long d = 0;
        for (int j = 0; j < LEVELS; j++) d += Integer.signum(j - level) * (gt[j] - lt[j]);
        return d;
    }

    private void growTies(long t) {
        xTieCubes.add(3 * t * t + 3 * t);
        xTiePairs += t;
        xTieV1.add(6 * t * t + 12 * t);
        xTieV2.add(3 * t * (t - 1));
    }

    private void shrinkTies(long t) {
        xTieCubes.subtract(3 * t * t + 3 * t);
        xTiePairs -= t;
        xTieV1.subtract(6 * t * t + 12 * t);
        xTieV2.subtract(3 * t * (t - 1));
    }

    Estimate spearman(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger np1 = bn.add(BigInteger.ONE);
        BigInteger sxy = p.toBigInteger().subtract(bn.multiply(np1).multiply(np1));
        BigInteger base = bn.pow(3).subtract(bn);
        BigInteger dx = base.subtract(xTieCubes.toBigInteger());
        BigInteger ty = BigInteger.ZERO;
        for (long c : levelCount) ty = ty.add(BigInteger.valueOf(c).pow(3).subtract(BigInteger.valueOf(c)));
        BigInteger dy = base.subtract(ty);
        return Inference.spearman(n, sxy.multiply(BigInteger.valueOf(3)), dx, dy);
    }

    Estimate kendall(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        long yPairs = 0;
        double yV1 = 0;
        double yV2 = 0;
        for (long c : levelCount) {
            yPairs += c * (c - 1) / 2;
            yV1 += (double) c * (c - 1) * (2 * c + 5);
            yV2 += (double) c * (c - 1) * (c - 2);
        }
        return Inference.kendall(n, concordanceBalance, xTiePairs, yPairs,
                xTieV1.toBigInteger().doubleValue(), yV1, xTieV2.toBigInteger().doubleValue(), yV2);
    }

    Estimate pearson(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger sq = sumQ.toBigInteger();
        BigInteger sl = BigInteger.valueOf(sumL);
        BigInteger cov = bn.multiply(sumQL.toBigInteger()).subtract(sq.multiply(sl));
        BigInteger vx = bn.multiply(sumQQ.toBigInteger()).subtract(sq.multiply(sq));
        BigInteger vy = bn.multiply(BigInteger.valueOf(sumLL)).subtract(sl.multiply(sl));
        return Inference.pearson(n, cov, vx, vy);
    }
}

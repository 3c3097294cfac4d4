package io.cpa.stats;

import java.math.BigInteger;

/**
 * Spearman rho and Kendall tau-b of paired points given in (IC, VC code) order, in one pass: the one implementation of
 * the rank algebra, shared by the exact windows ({@link RankStatistics}, IC exact) and the time buckets
 * ({@link BucketStats}, IC at its cell).
 *
 * <p>Doubled mid-ranks are whole numbers: a point in a tie group of size t with a points strictly below gets
 * R = 2a + t + 1. P = sum_i Rx_i Ry_i; with sum R = n(n+1) and tie totals T = sum(t^3 - t), Sxy = P - n(n+1)^2 and
 * rho = 3 Sxy / sqrt((n^3 - n - Tx)(n^3 - n - Ty)). Kendall's S = concordant - discordant: walking the IC groups in
 * order, each point meets every point of the earlier groups once, +1 for a lower code and -1 for a higher one (a
 * Fenwick tree over the codes present counts them); ties in IC (same group) or in code count neither. Everything is
 * an integer (P in {@link Int128}) until the final division, so nothing drifts however long the stream.
 *
 * <p>Cost: O(m log v) for m entries and v distinct codes, plus O(codes) for the VC ranks.
 */
final class RankPass {
    private final long n;
    private final BigInteger sxy3;
    private final BigInteger dx;
    private final BigInteger dy;
    private final long concordance;
    private final long xTiePairs;
    private final double xTieV1;
    private final double xTieV2;
    private final long yTiePairs;
    private final double yTieV1;
    private final double yTieV2;

    /**
     * @param x         IC keys in ascending order (equal keys are tied ICs), one per entry
     * @param code      VC code of each entry, ascending within equal x
     * @param count     points per entry, positive
     * @param m         entries used
     * @param codeCount points per VC code over all entries (its length is the number of codes)
     */
    RankPass(long[] x, int[] code, long[] count, int m, long[] codeCount) {
        int codes = codeCount.length;
        long[] ry = new long[codes];
        int[] fenwickIndex = new int[codes];
        long below = 0;
        int present = 0;
        Int128 yTieCubes = new Int128();
        long yPairs = 0;
        double yV1 = 0;
        double yV2 = 0;
        for (int c = 0; c < codes; c++) {
            long t = codeCount[c];
            if (t == 0) continue;
            ry[c] = 2 * below + t + 1;
            fenwickIndex[c] = ++present;
            below += t;
            yTieCubes.addProduct(t * t, t);
            yTieCubes.subtract(t);
            yPairs += t * (t - 1) / 2;
            yV1 += (double) t * (t - 1) * (2 * t + 5);
            yV2 += (double) t * (t - 1) * (t - 2);
        }
        long[] fenwick = new long[present + 1];
        Int128 p = new Int128();
        Int128 xTieCubes = new Int128();
        long s = 0;
        long before = 0;
        long xPairs = 0;
        double xV1 = 0;
        double xV2 = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            long t = 0;
            while (j < m && x[j] == x[i]) t += count[j++];
            long rx = 2 * before + t + 1;
            for (int k = i; k < j; k++) {
                long c = count[k];
                int f = fenwickIndex[code[k]];
                p.addProduct(rx * c, ry[code[k]]);
                long lower = prefix(fenwick, f - 1);
                long higher = before - prefix(fenwick, f);
                s += c * (lower - higher);
            }
            for (int k = i; k < j; k++) {
                for (int f = fenwickIndex[code[k]]; f <= present; f += f & -f) fenwick[f] += count[k];
            }
            xTieCubes.addProduct(t * t, t);
            xTieCubes.subtract(t);
            xPairs += t * (t - 1) / 2;
            xV1 += (double) t * (t - 1) * (2 * t + 5);
            xV2 += (double) t * (t - 1) * (t - 2);
            before += t;
            i = j;
        }
        if (before != below) throw new IllegalStateException("rank pass: " + before + " points by IC but " + below + " by code");
        this.n = before;
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger np1 = bn.add(BigInteger.ONE);
        BigInteger base = bn.pow(3).subtract(bn);
        this.sxy3 = p.toBigInteger().subtract(bn.multiply(np1).multiply(np1)).multiply(BigInteger.valueOf(3));
        this.dx = base.subtract(xTieCubes.toBigInteger());
        this.dy = base.subtract(yTieCubes.toBigInteger());
        this.concordance = s;
        this.xTiePairs = xPairs;
        this.xTieV1 = xV1;
        this.xTieV2 = xV2;
        this.yTiePairs = yPairs;
        this.yTieV1 = yV1;
        this.yTieV2 = yV2;
    }

    long n() {
        return n;
    }

    Estimate spearman(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        return Inference.spearman(n, sxy3, dx, dy);
    }

    Estimate kendall(int minN) {
        if (n < minN) return Estimate.insufficient(n);
        return Inference.kendall(n, concordance, xTiePairs, yTiePairs, xTieV1, yTieV1, xTieV2, yTieV2);
    }

    private static long prefix(long[] fenwick, int i) {
        long sum = 0;
        for (; i > 0; i -= i & -i) sum += fenwick[i];
        return sum;
    }
}

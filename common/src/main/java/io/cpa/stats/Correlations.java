package io.cpa.stats;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One-off correlations of two equally long samples (for reports), each with n, p-value and 95% interval, using the
 * same exact integer formulations and the same inference as the windows ({@link Inference}). Values may be any finite
 * doubles; -0.0 counts as 0.0; NaN and infinities are rejected. Below {@code minN} pairs (default 5, the least for which
 * every interval is defined) a result is INSUFFICIENT; a constant sample gives UNDEFINED.
 */
public final class Correlations {
    public static final int DEFAULT_MIN_N = 5;

    private Correlations() {}

    public static Estimate spearman(double[] x, double[] y) {
        return spearman(x, y, DEFAULT_MIN_N);
    }

    public static Estimate kendall(double[] x, double[] y) {
        return kendall(x, y, DEFAULT_MIN_N);
    }

    public static Estimate pearson(double[] x, double[] y) {
        return pearson(x, y, DEFAULT_MIN_N);
    }

    /** Tie-corrected Spearman rho: Pearson correlation of mid-ranks, computed on doubled mid-ranks in exact integers. */
    public static Estimate spearman(double[] x, double[] y, int minN) {
        int n = check(x, y, minN);
        if (n < minN) return Estimate.insufficient(n);
        long[] rx = doubledMidRanks(x);
        long[] ry = doubledMidRanks(y);
        BigInteger[] s = centredSums(rx, ry, n + 1L);
        return Inference.spearman(n, s[0].multiply(BigInteger.valueOf(3)), s[1].multiply(BigInteger.valueOf(3)), s[2].multiply(BigInteger.valueOf(3)));
    }

    /** Pearson r on the raw values (double arithmetic, two-pass with centring, so no cancellation of large sums). */
    public static Estimate pearson(double[] x, double[] y, int minN) {
        int n = check(x, y, minN);
        if (n < minN) return Estimate.insufficient(n);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (allEqual(x) || allEqual(y)) return Estimate.undefined(n);
        return Inference.pearson(n, sxy, sxx, syy);
    }

    /**
     * Kendall tau-b in O(n log n): sort by x, sweep the tie groups of x and count, with a Fenwick tree over the ranks of
     * y, how many earlier points (smaller x) have smaller and larger y.
     */
    public static Estimate kendall(double[] x, double[] y, int minN) {
        int n = check(x, y, minN);
        if (n < minN) return Estimate.insufficient(n);
        double[] ys = normalised(y);
        double[] xs = normalised(x);
        double[] distinctY = Arrays.stream(ys).sorted().distinct().toArray();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
        long[] fenwick = new long[distinctY.length + 1];
        long s = 0;
        int inserted = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && Double.compare(xs[order[end]], xs[order[start]]) == 0) end++;
            for (int k = start; k < end; k++) {
                int r = Arrays.binarySearch(distinctY, ys[order[k]]);
                long below = prefix(fenwick, r);
                long atOrBelow = prefix(fenwick, r + 1);
                s += below - (inserted - atOrBelow);
            }
            for (int k = start; k < end; k++) {
                for (int i = Arrays.binarySearch(distinctY, ys[order[k]]) + 1; i < fenwick.length; i += i & -i) fenwick[i]++;
                inserted++;
            }
            start = end;
        }
        long[] xTies = tieSizes(xs);
        long[] yTies = tieSizes(ys);
        return Inference.kendall(n, s, pairSum(xTies), pairSum(yTies), v1(xTies), v1(yTies), v2(xTies), v2(yTies));
    }

    private static long prefix(long[] fenwick, int count) {
        long sum = 0;
        for (int i = count; i > 0; i -= i & -i) sum += fenwick[i];
        return sum;
    }

    private static int check(double[] x, double[] y, int minN) {
        if (x == null || y == null) throw new IllegalArgumentException("correlation sample is null");
        if (x.length != y.length) throw new IllegalArgumentException("correlation samples differ in length: x " + x.length + ", y " + y.length);
        if (minN < 5) throw new IllegalArgumentException("correlation minN must be at least 5: " + minN);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("correlation x[" + i + "] is not finite: " + x[i]);
            if (!Double.isFinite(y[i])) throw new IllegalArgumentException("correlation y[" + i + "] is not finite: " + y[i]);
        }
        return x.length;
    }

    private static double[] normalised(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] + 0.0;
        return out;
    }

    private static boolean allEqual(double[] v) {
        for (double d : v) if (Double.compare(d + 0.0, v[0] + 0.0) != 0) return false;
        return true;
    }

    /** Doubled mid-ranks: a value with a smaller values and t equal ones (itself included) gets 2a + t + 1. */
    static long[] doubledMidRanks(double[] v) {
        int n = v.length;
        double[] s = normalised(v);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(s[a], s[b]));
        long[] r = new long[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && Double.compare(s[order[end]], s[order[start]]) == 0) end++;
            long rank = 2L * start + (end - start) + 1;
            for (int k = start; k < end; k++) r[order[k]] = rank;
            start = end;
        }
        return r;
    }

    /** {sum (rx-c)(ry-c), sum (rx-c)^2, sum (ry-c)^2} exactly, c = n + 1 the mean doubled rank. */
    private static BigInteger[] centredSums(long[] rx, long[] ry, long centre) {
        Int128 sxy = new Int128();
        Int128 sxx = new Int128();
        Int128 syy = new Int128();
        for (int i = 0; i < rx.length; i++) {
            long a = rx[i] - centre;
            long b = ry[i] - centre;
            sxy.addProduct(a, b);
            sxx.addProduct(a, a);
            syy.addProduct(b, b);
        }
        return new BigInteger[] {sxy.toBigInteger(), sxx.toBigInteger(), syy.toBigInteger()};
    }

    private static long[] tieSizes(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        long[] sizes = new long[s.length];
        int groups = 0;
        for (int start = 0; start < s.length; ) {
            int end = start;
            while (end < s.length && Double.compare(s[end], s[start]) == 0) end++;
            sizes[groups++] = end - start;
            start = end;
        }
        return Arrays.copyOf(sizes, groups);
    }

    private static long pairSum(long[] ties) {
        long sum = 0;
        for (long t : ties) sum += t * (t - 1) / 2;
        return sum;
    }

    private static double v1(long[] ties) {
        double sum = 0;
        for (long t : ties) sum += (double) t * (t - 1) * (2 * t + 5);
        return sum;
    }

    private static double v2(long[] ties) {
        double sum = 0;
        for (long t : ties) sum += (double) t * (t - 1) * (t - 2);
        return sum;
    }
}

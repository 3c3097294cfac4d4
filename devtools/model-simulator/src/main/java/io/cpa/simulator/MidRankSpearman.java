package io.cpa.simulator;

import java.util.Arrays;

/** Tie-corrected Spearman rank correlation: the Pearson correlation of mid-ranks. */
public final class MidRankSpearman {

    private MidRankSpearman() {
    }

    public static double rho(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        if (x.length < 2) throw new IllegalArgumentException("need at least 2 pairs, got " + x.length);
        return pearson(midRanks(x), midRanks(y));
    }

    /** Ranks 1..n, tied values sharing the mean of the ranks they span. */
    public static double[] midRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1.0;
            for (int t = i; t <= j; t++) ranks[order[t]] = mid;
            i = j + 1;
        }
        return ranks;
    }

    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        return sxy / Math.sqrt(sxx * syy);
    }
}

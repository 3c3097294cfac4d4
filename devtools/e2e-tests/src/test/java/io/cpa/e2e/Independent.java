package io.cpa.e2e;

import java.util.Arrays;
import java.util.List;

/** Spearman's rho and Kendall's tau-b written out plainly, to check the service's statistics engine against. */
final class Independent {
    private Independent() {}

    /** Tie-corrected Spearman: Pearson correlation of mid-ranks. */
    static double spearman(List<double[]> pairs) {
        double[] x = ranks(pairs.stream().mapToDouble(p -> p[0]).toArray());
        double[] y = ranks(pairs.stream().mapToDouble(p -> p[1]).toArray());
        double mx = Arrays.stream(x).average().orElse(0), my = Arrays.stream(y).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Kendall's tau-b by counting all pairs: (C - D) / sqrt((n0 - n1)(n0 - n2)). */
    static double kendallTauB(List<double[]> pairs) {
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, n0 = 0;
        for (int i = 0; i < pairs.size(); i++) {
            for (int j = i + 1; j < pairs.size(); j++) {
                n0++;
                int sx = Double.compare(pairs.get(i)[0], pairs.get(j)[0]);
                int sy = Double.compare(pairs.get(i)[1], pairs.get(j)[1]);
                if (sx == 0) tiesX++;
                if (sy == 0) tiesY++;
                if (sx != 0 && sy != 0) {
                    if (sx == sy) concordant++;
                    else discordant++;
                }
            }
        }
        return (concordant - discordant) / Math.sqrt((double) (n0 - tiesX) * (n0 - tiesY));
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mid;
            i = j + 1;
        }
        return r;
    }
}

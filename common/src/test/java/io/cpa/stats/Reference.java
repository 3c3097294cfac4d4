package io.cpa.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * From-scratch statistics of a list of observations, written as directly as possible (mid-ranks by counting, O(n^2)
 * pair loops), to check the engine against. VC enters as its value (six levels, numeric, or finer): callers give
 * values on the engine's 0.001 ranking grid, where ranking the code and ranking the value agree.
 */
public final class Reference {
    private Reference() {}

    static double[][] pairs(List<Observation> window) {
        List<double[]> out = new ArrayList<>();
        for (Observation o : window) if (o.isPaired()) out.add(new double[] {o.ic(), o.vc()});
        double[][] xy = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            xy[0][i] = out.get(i)[0];
            xy[1][i] = out.get(i)[1];
        }
        return xy;
    }

    /** IC against the probabilistic VC's expectation, over the observations with both. */
    static double[][] probabilisticPairs(List<Observation> window) {
        List<Observation> with = window.stream().filter(o -> o.ic() != null && o.pvc() != null).toList();
        double[][] xy = new double[2][with.size()];
        for (int i = 0; i < with.size(); i++) {
            xy[0][i] = with.get(i).ic();
            xy[1][i] = with.get(i).pvc().expectation();
        }
        return xy;
    }

    public static double[] midRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) less++;
                else if (w == v[i]) equal++;
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    /** Pearson correlation in two passes; NaN when a sample is constant. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (constant(x) || constant(y)) return Double.NaN;
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
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static boolean constant(double[] v) {
        for (double d : v) if (d != v[0]) return false;
        return true;
    }

    public static double spearman(double[] x, double[] y) {
        return pearson(midRanks(x), midRanks(y));
    }

    static double kendallTauB(double[] x, double[] y) {
        long c = 0;
        long d = 0;
        long tx = 0;
        long ty = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double a = Math.signum(x[i] - x[j]);
                double b = Math.signum(y[i] - y[j]);
                if (a == 0) tx++;
                if (b == 0) ty++;
                if (a * b > 0) c++;
                if (a * b < 0) d++;
            }
        }
        double n0 = n * (n - 1) / 2.0;
        return (c - d) / Math.sqrt((n0 - tx) * (n0 - ty));
    }

    /** {accuracy, ece, brier, auroc} of confidences p against outcomes. */
    static double[] calibration(double[] p, boolean[] y, int bins) {
        int n = p.length;
        double[] gap = new double[bins];
        double brier = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int b = Math.min((int) (p[i] * bins), bins - 1);
            gap[b] += (y[i] ? 1 : 0) - p[i];
            brier += (p[i] - (y[i] ? 1 : 0)) * (p[i] - (y[i] ? 1 : 0));
            if (y[i]) correct++;
        }
        double ece = 0;
        for (double g : gap) ece += Math.abs(g);
        double u = 0;
        long pos = 0;
        long neg = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) pos++;
            else neg++;
            if (!y[i]) continue;
            for (int j = 0; j < n; j++) {
                if (y[j]) continue;
                if (p[i] > p[j]) u += 1;
                else if (p[i] == p[j]) u += 0.5;
            }
        }
        return new double[] {(double) correct / n, ece / n, brier / n, u / (pos * neg)};
    }
}

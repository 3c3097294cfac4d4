package io.cpa.report;

import java.util.List;

/**
 * The paper's temperature study for one model and variant: how spread out VC is (its standard deviation) per dataset
 * at each temperature of the certainty call, and how well it aligns with IC there (rho with n, p and interval), for
 * the parsed VC ({@link VcSignal#PARSED}) and beside it the probabilistic VC ({@link VcSignal#PROBABILISTIC}, with its
 * mean entropy).
 *
 * @param temperatures column order
 */
public record TemperatureStudy(String model, String variant, List<Double> temperatures, List<Row> rows) {
    public TemperatureStudy {
        temperatures = List.copyOf(temperatures);
        rows = List.copyOf(rows);
    }

    /**
     * Every list has one entry per temperature, in column order.
     *
     * @param cells         spread of the parsed VC
     * @param rho           rho of IC against the parsed VC (the same numbers as the Table 1 cell of that temperature)
     * @param probabilistic spread, rho and mean entropy of the probabilistic VC
     */
    public record Row(String dataset, List<Spread> cells, List<RhoEstimate> rho, List<ProbabilisticVcCell> probabilistic) {
        public Row {
            cells = List.copyOf(cells);
            rho = List.copyOf(rho);
            probabilistic = List.copyOf(probabilistic);
            if (rho.size() != cells.size() || probabilistic.size() != cells.size()) {
                throw new IllegalArgumentException("a temperature study row needs one entry per temperature in every list");
            }
        }
    }

    /**
     * @param n  values (parsed VC values, or expectations of the probabilistic VC)
     * @param sd sample standard deviation (divisor n - 1), null when n < 2
     */
    public record Spread(int n, Double sd) {
        static Spread of(double[] values) {
            int n = values.length;
            if (n < 2) return new Spread(n, null);
            double mean = 0;
            for (double v : values) mean += v;
            mean /= n;
            double ss = 0;
            for (double v : values) ss += (v - mean) * (v - mean);
            return new Spread(n, Math.sqrt(ss / (n - 1)));
        }
    }
}

package io.cpa.report;

import java.util.List;

/**
 * The paper's temperature study for one model and variant: how spread out VC is (its standard deviation) per dataset
 * at each temperature of the certainty call.
 *
 * @param temperatures column order
 */
public record TemperatureStudy(String model, String variant, List<Double> temperatures, List<Row> rows) {
    public TemperatureStudy {
        temperatures = List.copyOf(temperatures);
        rows = List.copyOf(rows);
    }

    /** @param cells one per temperature, in column order */
    public record Row(String dataset, List<Spread> cells) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /**
     * @param n  parsed VC values
     * @param sd sample standard deviation (divisor n - 1) of VC, null when n < 2
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

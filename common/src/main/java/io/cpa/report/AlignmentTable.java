package io.cpa.report;

import java.util.List;

/**
 * The paper's Table 1 for one certainty prompt variant and one certainty temperature: Spearman rho between IC and VC
 * per model (row) and dataset (column), each cell with n, p-value and 95% interval.
 *
 * @param datasets column order; every row has one cell per dataset, in this order
 */
public record AlignmentTable(String variant, double temperature, List<String> datasets, List<Row> rows) {
    public AlignmentTable {
        datasets = List.copyOf(datasets);
        rows = List.copyOf(rows);
    }

    /**
     * @param cells    one per dataset, in the table's column order
     * @param meanRho  mean of the OK cells' rho (the paper's "mean" column), null when no cell is OK
     * @param meanOf   how many cells the mean is over; fewer than the datasets when some are insufficient or undefined
     */
    public record Row(String model, List<RhoEstimate> cells, Double meanRho, int meanOf) {
        public Row {
            cells = List.copyOf(cells);
        }

        static Row of(String model, List<RhoEstimate> cells) {
            double sum = 0;
            int k = 0;
            for (RhoEstimate c : cells) {
                if (c.ok()) {
                    sum += c.rho();
                    k++;
                }
            }
            return new Row(model, cells, k == 0 ? null : sum / k, k);
        }
    }
}

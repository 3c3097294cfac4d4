package io.cpa.report;

import java.util.List;

/**
 * The paper's Table 1 for one certainty prompt variant and one certainty temperature: Spearman rho between IC and VC
 * per model (row) and dataset (column), each cell with n, p-value and 95% interval, for both VC signals: the parsed VC
 * ({@link VcSignal#PARSED}, the paper's) and beside it the probabilistic VC ({@link VcSignal#PROBABILISTIC}).
 *
 * @param datasets column order; every row has one cell per dataset, in this order
 */
public record AlignmentTable(String variant, double temperature, List<String> datasets, List<Row> rows) {
    public AlignmentTable {
        datasets = List.copyOf(datasets);
        rows = List.copyOf(rows);
    }

    /**
     * @param cells         parsed VC: one per dataset, in the table's column order
     * @param meanRho       mean of the OK parsed cells' rho (the paper's "mean" column), null when no cell is OK
     * @param meanOf        how many cells the mean is over; fewer than the datasets when some are insufficient or undefined
     * @param probabilistic probabilistic VC: one per dataset, in the same order
     * @param pvcMeanRho    mean of the OK probabilistic cells' rho, null when no cell is OK
     * @param pvcMeanOf     how many probabilistic cells that mean is over
     */
    public record Row(String model, List<RhoEstimate> cells, Double meanRho, int meanOf,
                      List<ProbabilisticVcCell> probabilistic, Double pvcMeanRho, int pvcMeanOf) {
        public Row {
            cells = List.copyOf(cells);
            probabilistic = List.copyOf(probabilistic);
            if (probabilistic.size() != cells.size()) {
                throw new IllegalArgumentException(cells.size() + " parsed cells but " + probabilistic.size() + " probabilistic ones");
            }
        }

        static Row of(String model, List<RhoEstimate> cells, List<ProbabilisticVcCell> probabilistic) {
            Mean parsed = Mean.of(cells);
            Mean pvc = Mean.of(probabilistic.stream().filter(ProbabilisticVcCell::present).map(ProbabilisticVcCell::rho).toList());
            return new Row(model, cells, parsed.rho, parsed.of, probabilistic, pvc.rho, pvc.of);
        }
    }

    /** The row mean of the cells that have a value: insufficient and undefined cells are left out, not counted as 0. */
    private record Mean(Double rho, int of) {
        static Mean of(List<RhoEstimate> cells) {
            double sum = 0;
            int k = 0;
            for (RhoEstimate c : cells) {
                if (c.ok()) {
                    sum += c.rho();
                    k++;
                }
            }
            return new Mean(k == 0 ? null : sum / k, k);
        }
    }
}

package io.cpa.report;

import java.util.List;

/**
 * Data of one bar chart: one bar per category, in order, and optionally a second series drawn beside it (a grouped
 * bar chart), e.g. the probabilistic VC beside the parsed VC.
 *
 * @param name        file name without {@code .svg}: lower case letters, digits, '-', '.' and '_' only
 * @param counts      the first series, one count per category
 * @param countsLabel the first series' legend label; null for a chart of one series
 * @param second      the second series, null for a chart of one series
 */
public record BarChart(String name, String title, String xLabel, String yLabel, List<String> categories, List<Long> counts,
                       String countsLabel, Series second) {
    public BarChart {
        if (name == null || !name.matches("[a-z0-9._-]+")) throw new IllegalArgumentException("chart name is not a safe file name: " + name);
        categories = List.copyOf(categories);
        counts = List.copyOf(counts);
        if (categories.size() != counts.size()) {
            throw new IllegalArgumentException("chart " + name + ": " + categories.size() + " categories but " + counts.size() + " counts");
        }
        if (categories.isEmpty()) throw new IllegalArgumentException("chart " + name + " has no categories");
        if (second != null && second.values().size() != categories.size()) {
            throw new IllegalArgumentException("chart " + name + ": " + categories.size() + " categories but " + second.values().size() + " second values");
        }
        if ((second == null) != (countsLabel == null)) throw new IllegalArgumentException("chart " + name + ": a second series needs both legend labels");
    }

    /** A chart of one series. */
    public BarChart(String name, String title, String xLabel, String yLabel, List<String> categories, List<Long> counts) {
        this(name, title, xLabel, yLabel, categories, counts, null, null);
    }

    /**
     * A second series: real values, since an expected count (a sum of probabilities) is not a whole number.
     *
     * @param values one per category, each finite and at least 0
     */
    public record Series(String label, List<Double> values) {
        public Series {
            if (label == null || label.isBlank()) throw new IllegalArgumentException("a series needs a label");
            values = List.copyOf(values);
            for (Double v : values) {
                if (v == null || !Double.isFinite(v) || v < 0) throw new IllegalArgumentException("series " + label + " holds " + v);
            }
        }
    }
}

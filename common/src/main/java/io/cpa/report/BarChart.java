package io.cpa.report;

import java.util.List;

/**
 * Data of one bar chart: one bar per category, in order.
 *
 * @param name   file name without {@code .svg}: lower case letters, digits, '-', '.' and '_' only
 */
public record BarChart(String name, String title, String xLabel, String yLabel, List<String> categories, List<Long> counts) {
    public BarChart {
        if (name == null || !name.matches("[a-z0-9._-]+")) throw new IllegalArgumentException("chart name is not a safe file name: " + name);
        categories = List.copyOf(categories);
        counts = List.copyOf(counts);
        if (categories.size() != counts.size()) {
            throw new IllegalArgumentException("chart " + name + ": " + categories.size() + " categories but " + counts.size() + " counts");
        }
        if (categories.isEmpty()) throw new IllegalArgumentException("chart " + name + " has no categories");
    }
}

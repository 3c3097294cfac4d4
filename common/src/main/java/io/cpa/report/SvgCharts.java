package io.cpa.report;

/**
 * Renders a {@link BarChart} as a standalone SVG: title on top, y axis with count ticks and its label, one bar per
 * category with its count above it, category labels under the bars (slanted, so long level names fit) and the x axis
 * label at the bottom. Each bar is a {@code rect} of class {@code bar} carrying {@code data-category} and
 * {@code data-count} and a {@code title} tooltip; bar heights are proportional to the counts.
 *
 * <p>A chart with a second series draws two bars per category side by side (the first series left, in blue, the
 * second right, in orange), every bar carrying {@code data-series} = its series' label and the second series' bars
 * {@code data-value} = the exact value; a legend of class {@code legend} under the title names both series.
 */
public final class SvgCharts {
    static final int WIDTH = 640;
    static final int HEIGHT = 420;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int BOTTOM = 110;
    static final int LEGEND_LINES = 28;
    static final String FIRST_FILL = "#4878a8";
    static final String SECOND_FILL = "#e08a3c";

    private SvgCharts() {}

    public static String render(BarChart chart) {
        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT);
        boolean grouped = chart.second() != null;
        // a legend takes two lines under the title, so the plot starts lower
        double plotTop = grouped ? TOP + LEGEND_LINES : TOP;
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - plotTop - BOTTOM;
        double baseY = plotTop + plotH;
        long max = chart.counts().stream().mapToLong(Long::longValue).max().orElse(0);
        if (chart.second() != null) {
            max = Math.max(max, (long) Math.ceil(chart.second().values().stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        }
        long step = tickStep(max);
        long top = Math.max(step, ((max + step - 1) / step) * step);

        svg.rect("background", 0, 0, WIDTH, HEIGHT, "white", null);
        svg.text("title", WIDTH / 2.0, 28, "middle", 0, 15, chart.title());
        for (long v = 0; v <= top; v += step) {
            double y = baseY - plotH * v / top;
            svg.line(LEFT - 5, y, LEFT, y, "black");
            svg.line(LEFT, y, WIDTH - RIGHT, y, "#e0e0e0");
            svg.text("tick", LEFT - 8, y + 4, "end", 0, 11, Long.toString(v));
        }
        svg.line(LEFT, plotTop, LEFT, baseY, "black");
        svg.line(LEFT, baseY, WIDTH - RIGHT, baseY, "black");
        svg.text("axis-label", 18, plotTop + plotH / 2, "middle", -90, 12, chart.yLabel());
        svg.text("axis-label", LEFT + plotW / 2, HEIGHT - 12, "middle", 0, 12, chart.xLabel());

        int k = chart.categories().size();
        double slot = plotW / k;
        double barW = grouped ? slot * 0.35 : slot * 0.7;
        for (int i = 0; i < k; i++) {
            long count = chart.counts().get(i);
            String category = chart.categories().get(i);
            double h = plotH * count / top;
            double x = LEFT + i * slot + (slot - (grouped ? 2 : 1) * barW) / 2;
            if (grouped) {
                svg.rect("bar", x, baseY - h, barW, h, FIRST_FILL, chart.countsLabel() + ", " + category + ": " + count,
                        "series", chart.countsLabel(), "category", category, "count", Long.toString(count));
                double v = chart.second().values().get(i);
                double h2 = plotH * v / top;
                svg.rect("bar", x + barW, baseY - h2, barW, h2, SECOND_FILL, chart.second().label() + ", " + category + ": " + SvgWriter.n(v),
                        "series", chart.second().label(), "category", category, "value", Double.toString(v));
                svg.text("value", x + barW * 1.5, baseY - h2 - 4, "middle", 0, 10, SvgWriter.n(v));
            } else {
                svg.rect("bar", x, baseY - h, barW, h, FIRST_FILL, category + ": " + count,
                        "category", category, "count", Long.toString(count));
            }
            svg.text("value", x + barW / 2, baseY - h - 4, "middle", 0, 10, Long.toString(count));
            svg.text("category", LEFT + i * slot + slot / 2, baseY + 14, "end", -35, 11, category);
        }
        if (grouped) {
            legend(svg, 0, FIRST_FILL, chart.countsLabel());
            legend(svg, 1, SECOND_FILL, chart.second().label());
        }
        return svg.toXml();
    }

    /** One legend entry under the title, inside the plot's top margin: a swatch and the series' label. */
    private static void legend(SvgWriter svg, int row, String fill, String label) {
        double y = TOP - 4 + row * 14;
        svg.rect("legend-swatch", LEFT, y - 8, 10, 10, fill, null);
        svg.text("legend", LEFT + 14, y + 1, "start", 0, 10, label);
    }

    /** 1, 2 or 5 times a power of ten, so that the axis has about five ticks. */
    static long tickStep(long max) {
        if (max <= 5) return 1;
        double raw = max / 5.0;
        long pow = 1;
        while (pow * 10 <= raw) pow *= 10;
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * pow >= raw) return m * pow;
        }
        return 10 * pow;
    }
}

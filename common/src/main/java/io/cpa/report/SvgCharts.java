package io.cpa.report;

/**
 * Renders a {@link BarChart} as a standalone SVG: title on top, y axis with count ticks and its label, one bar per
 * category with its count above it, category labels under the bars (slanted, so long level names fit) and the x axis
 * label at the bottom. Each bar is a {@code rect} of class {@code bar} carrying {@code data-category} and
 * {@code data-count} and a {@code title} tooltip; bar heights are proportional to the counts.
 */
public final class SvgCharts {
    static final int WIDTH = 640;
    static final int HEIGHT = 420;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int BOTTOM = 110;

    private SvgCharts() {}

    public static String render(BarChart chart) {
        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT);
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        double baseY = TOP + plotH;
        long max = chart.counts().stream().mapToLong(Long::longValue).max().orElse(0);
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
        svg.line(LEFT, TOP, LEFT, baseY, "black");
        svg.line(LEFT, baseY, WIDTH - RIGHT, baseY, "black");
        svg.text("axis-label", 18, TOP + plotH / 2, "middle", -90, 12, chart.yLabel());
        svg.text("axis-label", LEFT + plotW / 2, HEIGHT - 12, "middle", 0, 12, chart.xLabel());

        int k = chart.categories().size();
        double slot = plotW / k;
        double barW = slot * 0.7;
        for (int i = 0; i < k; i++) {
            long count = chart.counts().get(i);
            String category = chart.categories().get(i);
            double h = plotH * count / top;
            double x = LEFT + i * slot + (slot - barW) / 2;
            svg.rect("bar", x, baseY - h, barW, h, "#4878a8", category + ": " + count,
                    "category", category, "count", Long.toString(count));
            svg.text("value", x + barW / 2, baseY - h - 4, "middle", 0, 10, Long.toString(count));
            svg.text("category", x + barW / 2, baseY + 14, "end", -35, 11, category);
        }
        return svg.toXml();
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

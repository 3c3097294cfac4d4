package io.cpa.report;

/**
 * What a report is built with.
 *
 * @param minN             cells with fewer pairs say "insufficient" instead of a rho (at least 5, as the statistics engine requires)
 * @param thresholds       the misalignment taxonomy's cut points
 * @param examplesPerClass how many example answers the taxonomy lists per class
 */
public record ReportOptions(int minN, Thresholds thresholds, int examplesPerClass) {
    public static final int DEFAULT_MIN_N = 30;

    public ReportOptions {
        if (minN < 5) throw new IllegalArgumentException("minN must be at least 5, was " + minN);
        if (thresholds == null) throw new IllegalArgumentException("thresholds are required");
        if (examplesPerClass < 0) throw new IllegalArgumentException("examplesPerClass is negative: " + examplesPerClass);
    }

    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_MIN_N, Thresholds.defaults(), 3);
    }

    public ReportOptions withMinN(int n) {
        return new ReportOptions(n, thresholds, examplesPerClass);
    }

    /**
     * Cut points of the misalignment taxonomy, each signal on its own scale ([0, 1] for both). A value is <em>high</em>
     * at or above its high cut, <em>low</em> at or below its low cut, <em>middling</em> strictly between.
     *
     * @param icHigh         IC at or above this is high (default 0.8)
     * @param icLow          IC at or below this is low (default 0.6; IC of an m-option answer is at least 1/m)
     * @param vcHigh         VC at or above this is high (default 0.8: very or fairly certain)
     * @param vcLow          VC at or below this is low (default 0.4: somewhat certain or less)
     * @param discordanceGap two middling values disagree when |IC - VC| is at least this (default 0.2)
     */
    public record Thresholds(double icHigh, double icLow, double vcHigh, double vcLow, double discordanceGap) {
        public Thresholds {
            check("icHigh", icHigh);
            check("icLow", icLow);
            check("vcHigh", vcHigh);
            check("vcLow", vcLow);
            check("discordanceGap", discordanceGap);
            if (icLow >= icHigh) throw new IllegalArgumentException("icLow " + icLow + " must be below icHigh " + icHigh);
            if (vcLow >= vcHigh) throw new IllegalArgumentException("vcLow " + vcLow + " must be below vcHigh " + vcHigh);
        }

        private static void check(String field, double v) {
            if (Double.isNaN(v) || v < 0 || v > 1) throw new IllegalArgumentException(field + " must be in [0, 1], was " + v);
        }

        public static Thresholds defaults() {
            return new Thresholds(0.8, 0.6, 0.8, 0.4, 0.2);
        }
    }
}

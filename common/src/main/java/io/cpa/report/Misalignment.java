package io.cpa.report;

/**
 * The paper's misalignment taxonomy of one answer, from its IC and VC and the {@link ReportOptions.Thresholds}.
 * "High", "low" and "middling" are as the thresholds define them (high: at or above the high cut; low: at or below the
 * low cut; middling: strictly between). The classes are exclusive and, with {@link #UNCLASSIFIED}, exhaustive:
 */
public enum Misalignment {
    /** IC high and VC high: both signals say confident. */
    CONSISTENT_ALIGNMENT("consistent alignment"),
    /** IC high and VC low: the probabilities are confident, the words are not. */
    INTERNAL_OVERCONFIDENCE("internal overconfidence"),
    /** IC low and VC high: the words are confident, the probabilities are not. */
    EXTERNAL_OVERCONFIDENCE("external overconfidence"),
    /** IC middling and VC middling, and |IC - VC| at least the discordance gap: lukewarm signals that disagree. */
    CONSISTENT_DISCORDANCE("consistent discordance"),
    /** Everything else: both low, middling and agreeing, or one middling and the other high or low. */
    UNCLASSIFIED("unclassified");

    private final String label;

    Misalignment(String label) {
        this.label = label;
    }

    public String label() { return label; }

    public static Misalignment classify(double ic, double vc, ReportOptions.Thresholds t) {
        boolean icHigh = ic >= t.icHigh(), icLow = ic <= t.icLow();
        boolean vcHigh = vc >= t.vcHigh(), vcLow = vc <= t.vcLow();
        if (icHigh && vcHigh) return CONSISTENT_ALIGNMENT;
        if (icHigh && vcLow) return INTERNAL_OVERCONFIDENCE;
        if (icLow && vcHigh) return EXTERNAL_OVERCONFIDENCE;
        boolean bothMiddling = !icHigh && !icLow && !vcHigh && !vcLow;
        if (bothMiddling && Math.abs(ic - vc) >= t.discordanceGap()) return CONSISTENT_DISCORDANCE;
        return UNCLASSIFIED;
    }
}

package io.cpa.report;

import io.cpa.stats.TaxonomyThresholds;

/**
 * The paper's misalignment taxonomy of one answer, from its IC and VC and the {@link TaxonomyThresholds} (the same
 * rule as the windows of the analysis-service, so a report and a live window classify an answer alike).
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

    /** The enum constants are in the order of {@link TaxonomyThresholds#classify(double, double)}'s indices. */
    public static Misalignment classify(double ic, double vc, TaxonomyThresholds t) {
        return values()[t.classify(ic, vc)];
    }
}

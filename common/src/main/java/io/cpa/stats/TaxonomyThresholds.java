package io.cpa.stats;

/**
 * Thresholds of the misalignment taxonomy. A signal is high when it is at least its high threshold, low when it is at
 * most its low threshold, middling otherwise. VC is compared by its level value l / 5.
 *
 * <ul>
 *   <li>consistent alignment: IC high and VC high</li>
 *   <li>internal overconfidence: IC high and VC low (the probabilities are sure, the words are not)</li>
 *   <li>external overconfidence: IC low and VC high (the words are sure, the probabilities are not)</li>
 *   <li>consistent discordance: IC and VC both middling and |IC - VC| &gt;= discordanceGap</li>
 *   <li>unclassified: every other pair (both low, one extreme and one middling, middling and close)</li>
 * </ul>
 * The five classes partition the paired observations.
 */
public record TaxonomyThresholds(double icLow, double icHigh, double vcLow, double vcHigh, double discordanceGap) {
    public static final TaxonomyThresholds DEFAULT = new TaxonomyThresholds(0.3, 0.7, 0.3, 0.7, 0.2);

    public TaxonomyThresholds {
        check("icLow", icLow);
        check("icHigh", icHigh);
        check("vcLow", vcLow);
        check("vcHigh", vcHigh);
        check("discordanceGap", discordanceGap);
        if (icLow >= icHigh) throw new IllegalArgumentException("taxonomy icLow " + icLow + " must be below icHigh " + icHigh);
        if (vcLow >= vcHigh) throw new IllegalArgumentException("taxonomy vcLow " + vcLow + " must be below vcHigh " + vcHigh);
    }

    private static void check(String field, double v) {
        if (Double.isNaN(v) || v < 0 || v > 1) throw new IllegalArgumentException("taxonomy " + field + " outside [0,1]: " + v);
    }

    /**
     * Class index of a pair: 0 alignment, 1 internal overconfidence, 2 external overconfidence, 3 discordance,
     * 4 unclassified. The one definition of the taxonomy: the windows and the study reports both use it.
     */
    public int classify(double ic, double vc) {
        boolean icHi = ic >= icHigh;
        boolean icLo = ic <= icLow;
        boolean vcHi = vc >= vcHigh;
        boolean vcLo = vc <= vcLow;
        if (icHi && vcHi) return 0;
        if (icHi && vcLo) return 1;
        if (icLo && vcHi) return 2;
        if (!icHi && !icLo && !vcHi && !vcLo && Math.abs(ic - vc) >= discordanceGap) return 3;
        return 4;
    }
}

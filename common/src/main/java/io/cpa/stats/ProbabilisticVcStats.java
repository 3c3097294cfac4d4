package io.cpa.stats;

/**
 * The statistics of the probabilistic VC (the expectation of the certainty reply's first-token distribution over the
 * six levels) of one window, kept beside the parsed VC's and named apart.
 *
 * @param n                  observations with a probabilistic VC
 * @param pairedN            of them, those with an IC: the n of the correlations
 * @param spearman           tie-corrected Spearman rho of IC and the probabilistic VC (ranked at 0.001)
 * @param kendall            Kendall tau-b of the same pairs
 * @param pearson            Pearson r of the same pairs
 * @param modeCompared       observations with both a probabilistic VC and a parsed six-level VC
 * @param modeDisagreements  of them, those whose most probable level is not the parsed level
 * @param meanEntropy        mean entropy of the distributions, in bits (0 decided .. log2 6 = 2.585 uniform)
 */
public record ProbabilisticVcStats(long n, long pairedN, Estimate spearman, Estimate kendall, Estimate pearson,
                                   long modeCompared, long modeDisagreements, Metric meanEntropy) {
    /** The statistics of a window that holds no probabilistic VC, or of a source that cannot keep them. */
    public static ProbabilisticVcStats none() {
        return new ProbabilisticVcStats(0, 0, Estimate.insufficient(0), Estimate.insufficient(0), Estimate.insufficient(0),
                0, 0, Metric.UNDEFINED);
    }
}

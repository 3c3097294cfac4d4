package io.cpa.stats;

/**
 * An accuracy map's estimate checked against the truth that arrived after it: the answers of a series labelled since
 * the map was fitted had been estimated through it while they were unlabelled; their estimate (through that map, over
 * their ICs) against their realised accuracy, judged by {@link AccuracyEstimate#divergence}.
 *
 * @param mapVersion     the version of the map checked
 * @param labelledAtFit  the labelled answers the map was fitted on
 * @param n              the answers labelled since
 * @param correct        how many of them were labelled correct
 * @param estimated      the map's estimate of their accuracy; null without a verdict
 * @param lower          the interval the realised accuracy was judged against; null without a verdict
 * @param upper          its upper bound; null without a verdict
 * @param realised       correct / n; null when n is 0
 * @param verdict        WITHIN, BELOW or ABOVE the interval, or INSUFFICIENT (fewer than
 *                       {@link AccuracyEstimate#MIN_REALISED} answers, or a map that could not be fitted)
 */
public record AccuracyCheck(String mapVersion, long labelledAtFit, long n, long correct, Double estimated, Double lower,
                            Double upper, Double realised, AccuracyEstimate.Divergence.Verdict verdict) {
    public AccuracyCheck {
        if (mapVersion == null || verdict == null) throw new IllegalArgumentException("accuracy check without map version or verdict");
        if (n < 0 || correct < 0 || correct > n) throw new IllegalArgumentException("accuracy check counts are inconsistent: " + correct + " of " + n);
    }

    /** The check of {@code estimate} (through the map of {@code mapVersion}) against {@code correct} of its n answers. */
    public static AccuracyCheck of(String mapVersion, long labelledAtFit, AccuracyEstimate estimate, long correct) {
        AccuracyEstimate.Divergence d = estimate.divergence(correct, estimate.n());
        boolean judged = d.verdict() != AccuracyEstimate.Divergence.Verdict.INSUFFICIENT;
        return new AccuracyCheck(mapVersion, labelledAtFit, estimate.n(), correct, judged ? estimate.value() : null,
                judged ? d.lower() : null, judged ? d.upper() : null, estimate.n() == 0 ? null : d.realised(), d.verdict());
    }

    public boolean diverged() {
        return verdict == AccuracyEstimate.Divergence.Verdict.BELOW || verdict == AccuracyEstimate.Divergence.Verdict.ABOVE;
    }
}

package io.cpa.stats;

/**
 * A window's or range's accuracy before labels: the estimated accuracy of its unlabelled answers with IC through the
 * accuracy map the caller passed in, beside the realised accuracy of its labelled answers with IC, for comparison.
 *
 * @param unlabelled       the estimate over the unlabelled answers with IC (its {@code n}); not OK without a map, with
 *                         a map that could not be fitted, or without unlabelled answers, and then its reason says which
 * @param labelled         labelled answers with IC in the window
 * @param labelledCorrect  how many of them were correct
 * @param realisedAccuracy labelledCorrect / labelled, INSUFFICIENT below the window's minimum n (as the IC
 *                         calibration's accuracy, which it is)
 */
public record EstimatedAccuracy(AccuracyEstimate unlabelled, long labelled, long labelledCorrect, Metric realisedAccuracy) {
    public EstimatedAccuracy {
        if (unlabelled == null) throw new IllegalArgumentException("estimated accuracy without an estimate");
        if (realisedAccuracy == null) realisedAccuracy = Metric.INSUFFICIENT;
    }

    /** Nothing estimated and nothing labelled: what a window built without this statistic reports. */
    public static final EstimatedAccuracy NONE =
            new EstimatedAccuracy(AccuracyEstimate.none("not computed"), 0, 0, Metric.INSUFFICIENT);

    static EstimatedAccuracy of(AccuracyEstimate unlabelled, Calibration icCalibration) {
        return new EstimatedAccuracy(unlabelled, icCalibration.n(), icCalibration.correct(), icCalibration.accuracy());
    }

    /**
     * The estimate of {@code n} unlabelled answers when there is nothing to apply: no map given (null), or a map that
     * could not be fitted (its status and reason). Null when the map is present, i.e. the answers must be walked.
     */
    static AccuracyEstimate withoutMap(AccuracyMap map, long n) {
        if (map == null) return AccuracyEstimate.absent(Estimate.Status.INSUFFICIENT, "no accuracy map", n);
        if (!map.present()) return AccuracyEstimate.absent(map.status(), map.reason(), n);
        if (n == 0) return AccuracyEstimate.absent(Estimate.Status.INSUFFICIENT, "no unlabelled answers with IC", 0);
        return null;
    }
}

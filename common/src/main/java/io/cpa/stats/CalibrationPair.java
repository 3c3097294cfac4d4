package io.cpa.stats;

/**
 * IC and VC calibration against one judge of correctness (the headline, or one labeller kind).
 *
 * @param ic IC against correctness over the observations judged that have an IC
 * @param vc VC against correctness over the observations judged that have a parsed VC
 */
public record CalibrationPair(Calibration ic, Calibration vc) {
}

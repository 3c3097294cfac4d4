package io.cpa.stats;

import io.cpa.label.PerKind;

/**
 * How many observations of a window or range are labelled.
 *
 * @param labelled   observations with a headline correctness
 * @param unlabelled observations without one (labelled + unlabelled = n)
 * @param byKind     per labeller kind, the observations that kind has judged (an observation judged by two kinds counts
 *                   in both); null for since-start and ranges from the time buckets, which keep the headline only
 */
public record LabelCoverage(long labelled, long unlabelled, PerKind<Long> byKind) {
}

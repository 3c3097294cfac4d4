package io.cpa.stats;

import java.util.List;

/**
 * Confidence against correctness for one signal (IC or VC) over the labelled observations that carry that signal.
 *
 * @param n        labelled observations with the signal
 * @param correct  how many of them were correct
 * @param accuracy correct / n
 * @param ece      expected calibration error: sum over equal-width bins of |correct - sum of confidence| / n
 * @param brier    mean of (confidence - outcome)^2
 * @param auroc    probability that a correct answer has higher confidence than an incorrect one, ties counted half
 *                 (Mann-Whitney U / (n1 n0)); UNDEFINED when all answers are correct or all wrong
 * @param bins     the reliability diagram over the whole window: the non-empty bins of the ECE in ascending order;
 *                 empty below the minimum n, like every other number here
 */
public record Calibration(long n, long correct, Metric accuracy, Metric ece, Metric brier, Metric auroc,
                          List<ReliabilityBin> bins) {
    public Calibration {
        bins = bins == null ? List.of() : List.copyOf(bins);
    }

    static Calibration insufficient(long n, long correct) {
        return new Calibration(n, correct, Metric.INSUFFICIENT, Metric.INSUFFICIENT, Metric.INSUFFICIENT, Metric.INSUFFICIENT, List.of());
    }
}

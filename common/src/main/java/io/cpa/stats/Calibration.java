package io.cpa.stats;

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
 */
public record Calibration(long n, long correct, Metric accuracy, Metric ece, Metric brier, Metric auroc) {}

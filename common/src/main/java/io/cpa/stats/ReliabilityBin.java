package io.cpa.stats;

/**
 * One bin of a reliability diagram: the labelled answers whose stated confidence falls in equal-width bin
 * {@code index} of [0, 1] (the bins of the ECE), how many there are, how many were correct, and their mean confidence.
 * Only non-empty bins are reported.
 *
 * @param index          bin number, 0 .. bins - 1; bin i covers [i / bins, (i + 1) / bins), the last one includes 1
 * @param n              labelled answers in the bin
 * @param correct        how many of them were correct
 * @param meanConfidence their mean stated confidence (exact for the fixed-point IC of the window, see
 *                       {@link CalibrationAccumulator})
 */
public record ReliabilityBin(int index, long n, long correct, double meanConfidence) {}

package io.cpa.bench;

import java.util.Arrays;

/**
 * End-to-end latency by count, for a pipeline whose output says how many answers of a series it has counted
 * ({@code received}) but not which ones. The k-th answer published to a series (k from 1, in publish order) is
 * taken as counted by the first snapshot of that series, in the order snapshots were observed, whose
 * {@code received} is at least k; its latency is that snapshot's observation time minus the answer's publish time.
 * Exact when a series' answers are counted in publish order; when the pipeline reorders them (concurrent certainty
 * calls do), it is the latency of the k-th count, which is what a reader of the snapshots sees.
 */
final class CoverageLatency {
    private CoverageLatency() {}

    /**
     * @param publishNanos     publish time of each answer of one series, in publish order
     * @param snapshotNanos    observation time of each snapshot of that series, in observed order
     * @param snapshotReceived the snapshots' {@code received}, same order
     * @return one latency in ms per answer covered by some snapshot (the first answers of the series); answers no
     *         snapshot covers are left out, their number is {@code publishNanos.length - result.length}
     */
    static double[] latenciesMs(long[] publishNanos, long[] snapshotNanos, long[] snapshotReceived) {
        if (snapshotNanos.length != snapshotReceived.length) throw new IllegalArgumentException("snapshot arrays differ in length");
        double[] out = new double[publishNanos.length];
        int k = 0;
        for (int j = 0; j < snapshotNanos.length && k < publishNanos.length; j++) {
            while (k < publishNanos.length && snapshotReceived[j] >= k + 1) {
                out[k] = (snapshotNanos[j] - publishNanos[k]) / 1e6;
                k++;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** Nearest-rank quantile (the smallest value with at least p of the values at or below it); NaN when empty. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

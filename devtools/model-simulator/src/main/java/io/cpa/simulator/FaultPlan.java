package io.cpa.simulator;

import java.util.SplittableRandom;

/**
 * Decides, per chat request, the injected latency and fault. It has its own seeded random stream so that switching
 * faults or latency on or off never changes the sequence of model replies.
 */
final class FaultPlan {

    enum Fault { NONE, ERROR_500, ERROR_429, TIMEOUT, GARBAGE }

    /** z of the 99th percentile of a standard normal. */
    private static final double Z99 = 2.3263478740408408;

    private final SplittableRandom rng;

    FaultPlan(long seed) {
        this.rng = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
    }

    synchronized Fault fault(SimulatorConfig c) {
        double u = rng.nextDouble();
        if ((u -= c.errorRate500()) < 0) return Fault.ERROR_500;
        if ((u -= c.errorRate429()) < 0) return Fault.ERROR_429;
        if ((u -= c.timeoutRate()) < 0) return Fault.TIMEOUT;
        if ((u - c.garbageRate()) < 0) return Fault.GARBAGE;
        return Fault.NONE;
    }

    /**
     * Latency in ms: none when latencyMs is 0; fixed when latencyP99Ms is 0 or equal to latencyMs; otherwise lognormal
     * with median latencyMs and 99th percentile latencyP99Ms.
     */
    synchronized long latencyMs(SimulatorConfig c) {
        double median = c.latencyMs();
        if (median <= 0) return 0;
        double p99 = c.latencyP99Ms();
        if (p99 <= median) return Math.round(median);
        double sigma = (Math.log(p99) - Math.log(median)) / Z99;
        return Math.round(Math.exp(Math.log(median) + sigma * rng.nextGaussian()));
    }
}

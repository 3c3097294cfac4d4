package io.cpa.certainty.policy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Which answers are sampled for elicitation. The rate of a series is looked up as {@code model|source}, then
 * {@code source}, then the default. The draw is a hash of the answer id, not a random number, so a redelivered
 * answer gets the same decision as the first delivery and a replay samples the same answers.
 * Labelled answers (a gold label is known) are always sampled: they are the ones calibration needs.
 */
public final class SamplingPolicy {
    private final double defaultRate;
    private final Map<String, Double> rates;

    public SamplingPolicy(double defaultRate, Map<String, Double> rates) {
        check("default-rate", defaultRate);
        rates.forEach((series, rate) -> check("rate of " + series, rate));
        this.defaultRate = defaultRate;
        this.rates = Map.copyOf(rates);
    }

    private static void check(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("sampling " + what + " must be in [0, 1]: " + rate);
    }

    public double rate(String model, String source) {
        Double r = rates.get(model + "|" + source);
        if (r == null) r = rates.get(source);
        return r == null ? defaultRate : r;
    }

    public boolean sampled(String answerId, String model, String source, boolean labelled) {
        if (labelled) return true;
        double rate = rate(model, source);
        if (rate >= 1) return true;
        if (rate <= 0) return false;
        return unitHash(answerId) < rate;
    }

    /** FNV-1a 64 of the UTF-8 bytes, mixed, mapped to [0, 1): stable across JVMs and releases. */
    static double unitHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}

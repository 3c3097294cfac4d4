package io.cpa.simulator;

/**
 * What the simulated model believes about the six levels given its latent certainty z2, and how it samples a level
 * at a temperature. The levels are the intervals of z2 between the calibrated thresholds; level l's logit is
 * {@code -sharpness * d_l(z2)}, d_l the distance in latent standard deviations from z2 to level l's interval (0 for
 * the level z2 lies in). The belief is the softmax of these logits (temperature 1): the level z2 lies in always has
 * the largest probability and the others fall off with their distance from it. A level is sampled from the softmax of
 * logits / T, as a language model samples a token: T = 0 takes the level z2 lies in, T = 1 samples from the belief
 * itself, T above 1 flattens it. Pure and immutable.
 */
final class LevelBelief {

    static final int LEVELS = 6;

    /** Ascending, five of them: bucket 0 (below the first) is very uncertain, bucket 5 very certain. */
    private final double[] thresholds;
    private final double sharpness;

    LevelBelief(double[] ascendingThresholds, double sharpness) {
        if (ascendingThresholds.length != LEVELS - 1) throw new IllegalArgumentException("six levels need five thresholds");
        if (!(sharpness > 0)) throw new IllegalArgumentException("sharpness must be > 0, got " + sharpness);
        this.thresholds = ascendingThresholds.clone();
        this.sharpness = sharpness;
    }

    double sharpness() {
        return sharpness;
    }

    /** Natural-log probabilities of the levels at temperature 1, by level index (0 = very certain .. 5). */
    double[] logBelief(double z2) {
        return logSoftmax(z2, 1.0);
    }

    /** Probabilities of the levels at temperature 1, by level index (0 = very certain .. 5); they sum to 1. */
    double[] belief(double z2) {
        double[] log = logBelief(z2);
        double[] p = new double[LEVELS];
        for (int l = 0; l < LEVELS; l++) p[l] = Math.exp(log[l]);
        return p;
    }

    /** The distribution a level is sampled from at {@code temperature}, by level index; one-hot at temperature 0. */
    double[] tempered(double z2, double temperature) {
        double[] p = new double[LEVELS];
        if (temperature <= 0) {
            p[greedy(z2)] = 1.0;
            return p;
        }
        double[] log = logSoftmax(z2, temperature);
        for (int l = 0; l < LEVELS; l++) p[l] = Math.exp(log[l]);
        return p;
    }

    /**
     * The level a model sampling at {@code temperature} gives, by inverse CDF of the tempered softmax at the uniform
     * {@code u} in [0, 1): one u per answer makes every variant asked at one temperature give the same level.
     */
    int sample(double z2, double u, double temperature) {
        if (temperature <= 0) return greedy(z2);
        double[] p = tempered(z2, temperature);
        double cumulative = 0;
        for (int l = 0; l < LEVELS - 1; l++) {
            cumulative += p[l];
            if (u < cumulative) return l;
        }
        return LEVELS - 1;
    }

    /** The level z2 lies in: the argmax of the belief, what temperature 0 gives. */
    int greedy(double z2) {
        return LEVELS - 1 - LatentModel.bucket(z2, thresholds);
    }

    private double[] logSoftmax(double z2, double temperature) {
        double[] logit = new double[LEVELS];
        double max = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < LEVELS; b++) {
            double lo = b == 0 ? Double.NEGATIVE_INFINITY : thresholds[b - 1];
            double hi = b == LEVELS - 1 ? Double.POSITIVE_INFINITY : thresholds[b];
            double distance = Math.max(0.0, Math.max(lo - z2, z2 - hi));
            int level = LEVELS - 1 - b;
            logit[level] = -sharpness * distance / temperature;
            max = Math.max(max, logit[level]);
        }
        double sum = 0;
        for (double v : logit) sum += Math.exp(v - max);
        double logZ = max + Math.log(sum);
        for (int l = 0; l < LEVELS; l++) logit[l] -= logZ;
        return logit;
    }
}

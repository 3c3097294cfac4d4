package io.cpa.certainty;

import java.util.List;
import java.util.Objects;

/**
 * The probabilistic verbalized certainty: what the first token of a six-level certainty reply says about each level,
 * read from that token's top-k logprobs. It is a second VC signal beside the parsed level, never a replacement.
 *
 * <p>Invariants: {@code distribution} has six probabilities indexed by rank (0 very uncertain ... 5 very certain, as
 * {@link CertaintyLevel#rank()}), each in [0, 1], summing to 1 within 1e-9; {@code expectation} is
 * sum_r p_r r / 5 in [0, 1]; {@code entropy} is -sum_r p_r log2 p_r in bits, in [0, log2 6]; {@code mode} is the level
 * of the largest probability (the higher rank on an exact tie); {@code coveredMass} is the sum of the raw
 * probabilities of the level tokens before normalisation, in (0, 1].
 *
 * @param distribution normalised probability of each level, by rank
 * @param expectation  the expected VC value: a continuous certainty without six-way ties
 * @param entropy      how undecided the verbal answer was, in bits (0: one level; log2 6 = 2.585: uniform)
 * @param mode         the most probable level; it should equal the parsed level
 * @param coveredMass  how much of the first token's probability the level tokens hold
 */
public record ProbabilisticVc(List<Double> distribution, double expectation, double entropy, CertaintyLevel mode,
                              double coveredMass) {
    public static final int LEVELS = 6;
    /** Largest entropy of six levels, log2 6. */
    public static final double MAX_ENTROPY = Math.log(LEVELS) / Math.log(2);

    // Why absent: each reason is one string the event carries in probabilisticVcAbsent.
    /** The certainty call was not asked for logprobs (turned off, or the route is known to refuse them). */
    public static final String ABSENT_NOT_ASKED = "not-asked";
    /** The endpoint returned no logprobs for the reply. */
    public static final String ABSENT_NO_LOGPROBS = "no-logprobs";
    /**
     * The reply's logprobs are malformed (NaN, a positive logprob, a missing value field): the certainty still counts,
     * only this signal is lost.
     */
    public static final String ABSENT_INVALID_LOGPROBS = "invalid-logprobs";
    /** The first token came without top-k alternatives. */
    public static final String ABSENT_NO_TOP_K = "no-top-k";
    /**
     * The reply does not begin with a level token, or no alternative of that token names a level (see
     * {@link ProbabilisticVcReader} for the exact rule).
     */
    public static final String ABSENT_NO_LEVEL_TOKEN = "no-level-token";
    /** The variant's scale is numeric (1 to 100), which has no level tokens. */
    public static final String ABSENT_NUMERIC_SCALE = "numeric-scale";

    public ProbabilisticVc {
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(mode, "mode");
        distribution = List.copyOf(distribution);
        if (distribution.size() != LEVELS) throw new IllegalArgumentException("probabilisticVc distribution needs 6 probabilities, has " + distribution.size());
        double sum = 0;
        for (Double p : distribution) {
            if (p == null || Double.isNaN(p) || p < 0 || p > 1) throw new IllegalArgumentException("probabilisticVc distribution holds " + p);
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("probabilisticVc distribution sums to " + sum);
        if (Double.isNaN(expectation) || expectation < 0 || expectation > 1) throw new IllegalArgumentException("probabilisticVc expectation outside [0,1]: " + expectation);
        if (Double.isNaN(entropy) || entropy < 0 || entropy > MAX_ENTROPY + 1e-9) throw new IllegalArgumentException("probabilisticVc entropy outside [0, log2 6]: " + entropy);
        if (Double.isNaN(coveredMass) || coveredMass <= 0 || coveredMass > 1 + 1e-9) throw new IllegalArgumentException("probabilisticVc coveredMass outside (0,1]: " + coveredMass);
        expectation = expectation + 0.0;
    }

    /**
     * The probabilistic VC of unnormalised level masses (by rank): normalised, with its expectation, entropy and mode.
     *
     * @param massByRank the raw probability of each level's best token, by rank; at least one positive
     */
    public static ProbabilisticVc ofMasses(double[] massByRank) {
        if (massByRank == null || massByRank.length != LEVELS) throw new IllegalArgumentException("six level masses are needed");
        double covered = 0;
        for (double m : massByRank) {
            if (Double.isNaN(m) || m < 0) throw new IllegalArgumentException("level mass " + m);
            covered += m;
        }
        if (covered <= 0) throw new IllegalArgumentException("no level has any probability");
        Double[] p = new Double[LEVELS];
        double expectation = 0;
        double entropy = 0;
        int mode = 0;
        for (int r = 0; r < LEVELS; r++) {
            p[r] = massByRank[r] / covered;
            expectation += p[r] * r / 5.0;
            if (p[r] > 0) entropy -= p[r] * Math.log(p[r]) / Math.log(2);
            if (massByRank[r] >= massByRank[mode]) mode = r;
        }
        return new ProbabilisticVc(List.of(p), Math.min(1, Math.max(0, expectation)), Math.min(MAX_ENTROPY, Math.max(0, entropy)),
                CertaintyLevel.ofRank(mode), Math.min(1, covered));
    }
}

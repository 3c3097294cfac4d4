package io.cpa.stats;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * The estimated accuracy of unlabelled answers from their IC, through an {@link AccuracyMap} fitted on labelled ones
 * (confidence-based performance estimation), with a 95% interval for the accuracy those answers will turn out to have.
 *
 * <h2>Formula</h2>
 * For n unlabelled answers with IC x_1..x_n and the map's values p_i = p(x_i):
 * <ul>
 *   <li>estimate = (1/n) sum p_i;</li>
 *   <li>the answers' own variance: given the p_i, their realised accuracy is a Poisson-binomial mean, variance
 *       {@code answerVariance} = sum p_i (1 - p_i) / n^2;</li>
 *   <li>the map's variance: isotonic, the answers in one block share its fitted rate and so its error (fully
 *       correlated), different blocks are independent: {@code mapVariance} = sum over blocks of (w_b / n)^2 se_b^2,
 *       w_b the number of answers on block b (an answer in the gap between two blocks counts (1 - lambda) in the
 *       lower and lambda in the upper, as its value interpolates them). Platt, the delta method on the mean:
 *       g = (1/n) sum p_i (1 - p_i) (1, logit x_i), {@code mapVariance} = g' C g, C the inverse Fisher information of
 *       (a, b);</li>
 *   <li>se = sqrt(answerVariance + mapVariance), interval estimate +- 1.96 se clipped to [0, 1].</li>
 * </ul>
 * The interval is for the realised accuracy of these answers, so it also covers their expected accuracy (the answer
 * term only widens it). It assumes the labelled answers are like the unlabelled ones at equal IC (labels missing at
 * random given IC); labels given to the doubtful answers first would bias it.
 *
 * <p>Only {@link Estimate.Status#OK} carries numbers; otherwise {@code reason} says why (no map, and why; or no
 * unlabelled answers with IC) and the numbers are zeros in Java and null in JSON.
 *
 * @param status         OK, INSUFFICIENT (too few labels for a map, or nothing to estimate) or UNDEFINED (labels of
 *                       one class)
 * @param reason         why there is no estimate, or null
 * @param mapVersion     the {@link AccuracyMap#version()} used, {@code none} without a map
 * @param method         ISOTONIC or PLATT, null without a map
 * @param n              the unlabelled answers with IC estimated
 * @param value          the estimated accuracy
 * @param standardError  sqrt(answerVariance + mapVariance)
 * @param lower          value - 1.96 se, at least 0
 * @param upper          value + 1.96 se, at most 1
 * @param answerVariance the answers' Bernoulli variance of their mean, sum p (1 - p) / n^2
 * @param mapVariance    the variance of the mean from the map's own uncertainty
 */
@JsonSerialize(using = StatisticJson.AccuracyEstimateSerializer.class)
public record AccuracyEstimate(Estimate.Status status, String reason, String mapVersion, AccuracyMap.Method method,
                               long n, double value, double standardError, double lower, double upper,
                               double answerVariance, double mapVariance) {
    /** Fewer answers than this labelled after the estimate give no divergence verdict. */
    public static final int MIN_REALISED = 20;
    /**
     * The two-sided 99.9% normal quantile that {@link #divergence} judges with. A series is checked at every refit of
     * its map, so over months it is checked thousands of times: at the 95% of the displayed interval one check in
     * twenty would cry wolf on noise alone (seen: realised 0.833 against [0.478, 0.810] after 36 labels, z = 2.2),
     * at 99.9% one in a thousand, while a real shift of the accuracy still lands far outside.
     */
    public static final double Z_ALARM = 3.2905267314919255;

    public AccuracyEstimate {
        if (status == null) throw new IllegalArgumentException("accuracy estimate status is null");
        if (Double.isNaN(value) || Double.isNaN(standardError) || Double.isNaN(answerVariance) || Double.isNaN(mapVariance)) {
            throw new IllegalArgumentException("accuracy estimate holds NaN");
        }
        if (mapVersion == null) mapVersion = "none";
    }

    /** The estimate of n answers with mean fitted accuracy {@code value} and the two variances of the class comment. */
    public static AccuracyEstimate of(String mapVersion, AccuracyMap.Method method, long n, double value,
                                      double answerVariance, double mapVariance) {
        double se = Math.sqrt(answerVariance + mapVariance);
        double h = Inference.Z975 * se;
        return new AccuracyEstimate(Estimate.Status.OK, null, mapVersion, method, n, value, se,
                Math.max(0, value - h), Math.min(1, value + h), answerVariance, mapVariance);
    }

    static AccuracyEstimate absent(Estimate.Status status, String reason, long n) {
        return new AccuracyEstimate(status, reason, "none", null, n, 0, 0, 0, 0, 0, 0);
    }

    /** No estimate, for a reason (e.g. no map was passed in). */
    public static AccuracyEstimate none(String reason) {
        return absent(Estimate.Status.INSUFFICIENT, reason, 0);
    }

    public boolean ok() {
        return status == Estimate.Status.OK;
    }

    /**
     * Whether the accuracy realised once labels arrived lies outside what this estimate allowed: {@code labelled} of
     * the n estimated answers have been labelled since, {@code correct} of them correct.
     *
     * <p>When all n are labelled the bounds are this estimate's. When only a random m of them are, their realised
     * accuracy varies more than that of all n: the answer term becomes the mean per-answer variance over m,
     * answerVariance n / m, while the map term, shared by every answer, stays. A verdict needs an OK estimate and at
     * least {@link #MIN_REALISED} labelled answers (below, a normal interval for a proportion is too rough to alarm on),
     * and the bounds are at {@link #Z_ALARM} standard errors, wider than the 95% interval this estimate shows.
     */
    public Divergence divergence(long correct, long labelled) {
        if (labelled < 0 || correct < 0 || correct > labelled) {
            throw new IllegalArgumentException("realised counts are inconsistent: " + correct + " correct of " + labelled);
        }
        if (labelled > n) throw new IllegalArgumentException("more answers labelled (" + labelled + ") than were estimated (" + n + ")");
        if (!ok() || labelled < MIN_REALISED) {
            return new Divergence(Divergence.Verdict.INSUFFICIENT, labelled == 0 ? 0 : (double) correct / labelled, labelled, 0, 0, 0);
        }
        double realised = (double) correct / labelled;
        double se = Math.sqrt(answerVariance * n / labelled + mapVariance);
        double h = Z_ALARM * se;
        double low = Math.max(0, value - h);
        double high = Math.min(1, value + h);
        double z = se > 0 ? (realised - value) / se : 0;
        Divergence.Verdict verdict = realised < low ? Divergence.Verdict.BELOW : realised > high ? Divergence.Verdict.ABOVE : Divergence.Verdict.WITHIN;
        return new Divergence(verdict, realised, labelled, low, high, z);
    }

    /**
     * An estimate made before labels against the accuracy realised once they arrived.
     *
     * @param verdict  WITHIN the interval, BELOW or ABOVE it (diverged), or INSUFFICIENT (no estimate or too few
     *                 labelled answers to judge)
     * @param realised correct / labelled
     * @param labelled how many of the estimated answers are labelled now
     * @param lower    the 99.9% interval the realised accuracy was judged against (widened for a subset)
     * @param upper    its upper bound
     * @param z        (realised - estimate) / se of that interval, 0 when there is no verdict
     */
    public record Divergence(Verdict verdict, double realised, long labelled, double lower, double upper, double z) {
        public enum Verdict { WITHIN, BELOW, ABOVE, INSUFFICIENT }

        public boolean diverged() {
            return verdict == Verdict.BELOW || verdict == Verdict.ABOVE;
        }
    }
}

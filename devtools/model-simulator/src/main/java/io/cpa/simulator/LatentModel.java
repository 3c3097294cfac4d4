package io.cpa.simulator;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The statistical ground truth of the simulated model, calibrated once per parameter set.
 *
 * <p>Each answer draws independent standard normals (z1, e). The internal confidence is a strictly increasing
 * function of z1 alone ({@link #internalConfidence}), so its rank order does not depend on the number of options or on
 * how many of them the top-k shows. Each certainty scale s uses z2 = r_s z1 + sqrt(1 - r_s^2) e and cuts z2 at
 * fixed thresholds into its levels. The level a certainty call gets is sampled at the call's temperature T: on the
 * six-level scale from the tempered softmax of {@link LevelBelief} (T = 0: the level z2 lies in), on the numeric scale
 * as the value of z2 + (sqrt(T) / sharpness) xi, xi a standard normal of the answer's draw. Because the two scales tie
 * differently, the latent r_s is chosen per scale by root finding on a seeded Monte Carlo sample so that the
 * population tie-corrected Spearman correlation between IC and the verbalized value sampled at the calibration
 * temperature equals the configured rho.
 *
 * <p>Correctness: P(correct | IC) = clamp(accuracy + shift + discrimination * (IC - E[IC]), 0, 1), with shift solved
 * so that the expected accuracy equals the configured accuracy exactly (it is non-zero only when the clamp binds).
 * The expectations are computed by quadrature over the IC distribution. discrimination = 1 makes the model exactly as discriminative as IC claims, with a constant overconfidence gap of
 * E[IC] - accuracy; discrimination = 0 makes correctness independent of IC.
 */
public final class LatentModel {

    /**
     * @param levelSharpness         how fast a level's probability falls with its latent distance from z2 (see
     *                               {@link LevelBelief}); it also scales the numeric scale's sampling noise
     * @param calibrationTemperature the certainty call temperature at which the configured rho is exact
     */
    public record Params(double rho, double accuracy, double discrimination, List<Double> levelDistribution,
                         double icShapeA, double icShapeB, double levelSharpness, double calibrationTemperature) {
        public Params {
            levelDistribution = List.copyOf(levelDistribution);
        }

        /** With the default sharpness and the default calibration temperature. */
        public Params(double rho, double accuracy, double discrimination, List<Double> levelDistribution,
                      double icShapeA, double icShapeB) {
            this(rho, accuracy, discrimination, levelDistribution, icShapeA, icShapeB, DEFAULT_SHARPNESS,
                    DEFAULT_CALIBRATION_TEMPERATURE);
        }
    }

    public static final double DEFAULT_SHARPNESS = 4.0;
    /** The temperature the pipeline asks certainty calls with (the method's 0.2). */
    public static final double DEFAULT_CALIBRATION_TEMPERATURE = 0.2;

    /** The two kinds of verbalized certainty scale, which tie differently and so get their own latent r. */
    public enum Scale { SIX_LEVEL, NUMERIC }

    /**
     * One answer's latent draw: z1 drives IC, z2 per scale drives the verbalized certainty; levelU (uniform in
     * [0, 1)) and numericNoise (standard normal) are the answer's sampling randomness, so that every certainty call
     * about one answer at one temperature gives the same level or value.
     */
    public record Draw(double z1, double z2SixLevel, double z2Numeric, double levelU, double numericNoise) {
    }

    /** Lowest IC the transform returns: strictly above 1/2 so the chosen option always has the highest probability. */
    static final double IC_FLOOR = 0.5 + 1e-9;
    private static final double SQRT2 = Math.sqrt(2.0);
    /** Quadrature points for expected accuracy and ECE. */
    private static final int ACCURACY_GRID = 50_000;

    private final Params params;
    private final LevelBelief belief;
    private final double[] numericThresholds;
    private final double rSixLevel;
    private final double rNumeric;
    private final double achievedRhoSixLevel;
    private final double achievedRhoNumeric;
    private final double meanIc;
    private final double shift;
    private final double expectedAccuracy;
    private final double expectedEce;

    private LatentModel(Params params, LevelBelief belief, double[] numericThresholds, double rSixLevel,
                        double rNumeric, double achievedRhoSixLevel, double achievedRhoNumeric, double meanIc,
                        double shift, double expectedAccuracy, double expectedEce) {
        this.params = params;
        this.belief = belief;
        this.numericThresholds = numericThresholds;
        this.rSixLevel = rSixLevel;
        this.rNumeric = rNumeric;
        this.achievedRhoSixLevel = achievedRhoSixLevel;
        this.achievedRhoNumeric = achievedRhoNumeric;
        this.meanIc = meanIc;
        this.shift = shift;
        this.expectedAccuracy = expectedAccuracy;
        this.expectedEce = expectedEce;
    }

    /** Calibrates on {@code samples} seeded pairs; throws if rho is out of reach of a scale. */
    public static LatentModel calibrate(Params params, int samples, long seed) {
        LevelBelief belief = new LevelBelief(sixLevelThresholds(params.levelDistribution()), params.levelSharpness());
        double[] numeric = numericThresholds();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] e1 = new double[samples];
        double[] e2 = new double[samples];
        double[] u = new double[samples];
        double[] xi = new double[samples];
        // e1 is a stratified sample (normal quantiles at the midpoints (i + 0.5) / n), e2 is i.i.d. and independent
        // of it: the pairs are a valid sample of independent normals with less variance than plain Monte Carlo, and
        // e1 comes out sorted, so the rank of e1[i] (hence of IC, a strictly increasing function of it) is i + 1.
        // u and xi are each sample's sampling randomness, fixed across r so that the rho is a function of r alone.
        for (int i = 0; i < samples; i++) {
            e1[i] = inverseNormal((i + 0.5) / samples);
            e2[i] = rng.nextGaussian();
        }
        for (int i = 0; i < samples; i++) {
            u[i] = rng.nextDouble();
            xi[i] = rng.nextGaussian();
        }
        double t = params.calibrationTemperature();
        double noise = numericNoiseScale(params.levelSharpness(), t);
        Cut sixCut = (i, z2) -> LevelBelief.LEVELS - 1 - belief.sample(z2, u[i], t);
        Cut numericCut = (i, z2) -> bucket(z2 + noise * xi[i], numeric);
        double[] solvedSix = solveR(params.rho(), e1, e2, sixCut, LevelBelief.LEVELS, "six-level");
        double[] solvedNum = solveR(params.rho(), e1, e2, numericCut, numeric.length + 1, "numeric");
        double rSix = solvedSix[0], achievedSix = solvedSix[1];
        double rNum = solvedNum[0], achievedNum = solvedNum[1];

        // Accuracy and ECE depend on IC alone, whose distribution is known in closed form through u = Phi(z1):
        // a midpoint grid over u is an exact-in-the-limit quadrature and needs no normal CDF evaluations.
        int grid = ACCURACY_GRID;
        double[] ic = new double[grid];
        double sum = 0;
        for (int i = 0; i < grid; i++) {
            ic[i] = icFromUpperTail(1.0 - (i + 0.5) / grid, params.icShapeA(), params.icShapeB());
            sum += ic[i];
        }
        double mean = sum / grid;
        double shift = solveShift(params, ic, mean);
        double accSum = 0;
        double[] binP = new double[10];
        double[] binIc = new double[10];
        for (int i = 0; i < grid; i++) {
            double p = pCorrect(params, ic[i], mean, shift);
            accSum += p;
            int b = Math.min(9, (int) Math.floor(ic[i] * 10));
            binP[b] += p;
            binIc[b] += ic[i];
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) ece += Math.abs(binP[b] - binIc[b]) / grid;
        double expectedAccuracy = accSum / grid;
        return new LatentModel(params, belief, numeric, rSix, rNum, achievedSix, achievedNum, mean, shift,
                expectedAccuracy, ece);
    }

    /** IC as a strictly increasing map of z1 into (1/2, 1): a Kumaraswamy(a, b) quantile of Phi(z1), rescaled. */
    public static double internalConfidence(double z1, double a, double b) {
        return icFromUpperTail(0.5 * Erf.erfc(z1 / SQRT2), a, b); // 1 - Phi(z1), accurate in the upper tail
    }

    private static double icFromUpperTail(double upperTail, double a, double b) {
        double x = Math.pow(1.0 - Math.pow(upperTail, 1.0 / b), 1.0 / a);
        return Math.max(IC_FLOOR, Math.min(1.0, 0.5 + 0.5 * x));
    }

    public double internalConfidence(double z1) {
        return internalConfidence(z1, params.icShapeA(), params.icShapeB());
    }

    public Draw draw(SplittableRandom rng) {
        double z1 = rng.nextGaussian();
        double e = rng.nextGaussian();
        double u = rng.nextDouble();
        double xi = rng.nextGaussian();
        return new Draw(z1, mix(rSixLevel, z1, e), mix(rNumeric, z1, e), u, xi);
    }

    /** The level at temperature 0, the one z2 lies in: index 0 = very certain .. 5 = very uncertain. */
    public int sixLevelIndex(double z2) {
        return belief.greedy(z2);
    }

    /** The level a certainty call at {@code temperature} gets for this draw (index 0 = very certain .. 5). */
    public int sixLevelIndex(Draw draw, double temperature) {
        return belief.sample(draw.z2SixLevel(), draw.levelU(), temperature);
    }

    /** The model's probabilities of the six levels for this draw (index 0 = very certain), whatever the temperature. */
    public double[] levelBelief(Draw draw) {
        return belief.belief(draw.z2SixLevel());
    }

    /** Natural-log form of {@link #levelBelief}, exact also where a probability underflows. */
    public double[] levelLogBelief(Draw draw) {
        return belief.logBelief(draw.z2SixLevel());
    }

    /** The value at temperature 0: 1 + round(99 * Phi(z2)), in 1..100, through the equivalent thresholds on z2. */
    public int numericValue(double z2) {
        return 1 + bucket(z2, numericThresholds);
    }

    /** The value a certainty call at {@code temperature} gets: that of z2 + (sqrt(T) / sharpness) xi. */
    public int numericValue(Draw draw, double temperature) {
        return numericValue(draw.z2Numeric() + numericNoiseScale(params.levelSharpness(), temperature) * draw.numericNoise());
    }

    /** Standard deviation of the latent noise a numeric reply is sampled with at temperature T. */
    static double numericNoiseScale(double sharpness, double temperature) {
        return Math.sqrt(Math.max(0.0, temperature)) / sharpness;
    }

    public double pCorrect(double ic) {
        return pCorrect(params, ic, meanIc, shift);
    }

    public Params params() {
        return params;
    }

    public double latentR(Scale scale) {
        return scale == Scale.SIX_LEVEL ? rSixLevel : rNumeric;
    }

    /** The tie-corrected Spearman rho the calibration sample reaches at the solved r (equals the target to ~1e-6). */
    public double calibratedRho(Scale scale) {
        return scale == Scale.SIX_LEVEL ? achievedRhoSixLevel : achievedRhoNumeric;
    }

    /**
     * The tie-corrected Spearman rho of IC and the VC of one scale sampled at a certainty temperature, from a fresh
     * fixed-seed sample drawn through the same path as the replies: the ground truth at temperatures other than the
     * calibration temperature, where it is not the configured rho by construction (sampling the level at a higher
     * temperature adds noise). Its sampling error is about 1 / sqrt(samples).
     */
    public double rhoAt(Scale scale, double temperature, int samples, long seed) {
        if (!(temperature >= 0 && temperature <= 2)) throw new IllegalArgumentException("temperature outside [0, 2]: " + temperature);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ic = new double[samples];
        double[] vc = new double[samples];
        for (int i = 0; i < samples; i++) {
            Draw d = draw(rng);
            ic[i] = internalConfidence(d.z1());
            vc[i] = scale == Scale.SIX_LEVEL ? 1.0 - 0.2 * sixLevelIndex(d, temperature) : numericValue(d, temperature);
        }
        return MidRankSpearman.rho(ic, vc);
    }

    public double meanInternalConfidence() {
        return meanIc;
    }

    public double expectedAccuracy() {
        return expectedAccuracy;
    }

    /** Population ECE of IC against P(correct | IC), 10 equal-width bins. */
    public double expectedEce() {
        return expectedEce;
    }

    private static double mix(double r, double z1, double e) {
        return r * z1 + Math.sqrt(Math.max(0.0, 1.0 - r * r)) * e;
    }

    private static double pCorrect(Params p, double ic, double meanIc, double shift) {
        double v = p.accuracy() + shift + p.discrimination() * (ic - meanIc);
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double solveShift(Params p, double[] ic, double meanIc) {
        double lo = -2.0, hi = 2.0;
        for (int it = 0; it < 48; it++) {
            double mid = 0.5 * (lo + hi);
            double s = 0;
            for (double v : ic) s += pCorrect(p, v, meanIc, mid);
            if (s / ic.length < p.accuracy()) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Solves spearmanAt(r) = target for r in [-1, 1] by the Illinois variant of regula falsi (spearmanAt increases
     * with r), which needs about ten evaluations instead of bisection's thirty. Returns {r, rho reached}.
     */
    private static double[] solveR(double target, double[] e1Sorted, double[] e2, Cut cut, int levels, String scale) {
        double lo = -1.0, hi = 1.0;
        double gLo = spearmanAt(lo, e1Sorted, e2, cut, levels) - target;
        double gHi = spearmanAt(hi, e1Sorted, e2, cut, levels) - target;
        if (gLo > 0 || gHi < 0) {
            throw new IllegalArgumentException("rho=" + target + " is out of reach on the " + scale
                    + " scale with this levelDistribution (reachable: [" + (gLo + target) + ", " + (gHi + target) + "])");
        }
        double r = 0, g = Double.NaN;
        int side = 0;
        // With a finite sample spearmanAt is a fine step function of r: stop at 1e-6, far below the sampling error.
        for (int it = 0; it < 100 && hi - lo > 1e-9; it++) {
            r = (lo * gHi - hi * gLo) / (gHi - gLo);
            g = spearmanAt(r, e1Sorted, e2, cut, levels) - target;
            if (Math.abs(g) < 1e-6) break;
            if (g < 0) {
                lo = r;
                gLo = g;
                if (side == -1) gHi /= 2;
                side = -1;
            } else {
                hi = r;
                gHi = g;
                if (side == 1) gLo /= 2;
                side = 1;
            }
        }
        return new double[] {r, g + target};
    }

    /** Sample i's level as an ascending bucket (higher = more certain) given its z2. */
    @FunctionalInterface
    private interface Cut {
        int bucket(int i, double z2);
    }

    /** Tie-corrected Spearman of (rank of e1 = i + 1, mid-rank of the level of z2) for latent correlation r. */
    private static double spearmanAt(double r, double[] e1Sorted, double[] e2, Cut cut, int levels) {
        int n = e1Sorted.length;
        double s = Math.sqrt(Math.max(0.0, 1.0 - r * r));
        short[] level = new short[n];
        long[] counts = new long[levels];
        for (int i = 0; i < n; i++) {
            int b = cut.bucket(i, r * e1Sorted[i] + s * e2[i]);
            level[i] = (short) b;
            counts[b]++;
        }
        double[] midRank = new double[levels];
        long below = 0;
        for (int b = 0; b < levels; b++) {
            midRank[b] = below + (counts[b] + 1) / 2.0;
            below += counts[b];
        }
        double meanRank = (n + 1) / 2.0;
        double sxy = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dy = midRank[level[i]] - meanRank;
            sxy += (i + 1 - meanRank) * dy;
            syy += dy * dy;
        }
        double sxx = (double) n * ((double) n * n - 1) / 12.0;
        if (syy == 0) return 0.0;
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Number of thresholds that are <= z (thresholds ascending). */
    static int bucket(double z, double[] thresholds) {
        int lo = 0, hi = thresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] <= z) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The five ascending cuts of z2 that give the levels at temperature 0 with the configured frequencies. */
    static double[] sixLevelThresholds(List<Double> distribution) {
        double[] t = new double[5];
        double cumulative = 0;
        // distribution is very certain first; thresholds ascend from very uncertain upwards
        for (int j = 0; j < 5; j++) {
            cumulative += distribution.get(5 - j);
            t[j] = inverseNormal(cumulative);
        }
        return t;
    }

    private static double[] numericThresholds() {
        // 1 + round(99u) >= j  <=>  u >= (j - 1.5) / 99, for j = 2..100
        double[] t = new double[99];
        for (int j = 2; j <= 100; j++) t[j - 2] = inverseNormal((j - 1.5) / 99.0);
        return t;
    }

    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    static double inverseNormal(double p) {
        return SQRT2 * Erf.erfInv(2.0 * p - 1.0);
    }
}

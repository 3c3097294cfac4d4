package io.cpa.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A calibration map from internal confidence (IC) to the probability that an answer is correct, fitted on labelled
 * answers and applied to unlabelled ones ({@link #estimator()}, {@link AccuracyEstimate}): confidence-based
 * performance estimation. Immutable and thread-safe.
 *
 * <h2>Fit</h2>
 * Input: labelled points as (IC, correct count, incorrect count) aggregates ({@link Point}), from a window's
 * observations or a time bucket's cells ({@link #fit(Bucket)}); points with equal IC are pooled first, so the fit and its
 * version do not depend on how the labels were grouped or ordered.
 * <ul>
 *   <li>Fewer than {@link #MIN_LABELS} labels, or every label in one class: no map ({@link #present()} false, with the
 *       reason). Twenty labels give an accuracy to about +-0.2; with one class nothing ties IC to accuracy.</li>
 *   <li>From {@link #ISOTONIC_MIN_LABELS} labels: <b>isotonic regression</b> by pool-adjacent-violators, weighted by the
 *       counts (the maximum-likelihood monotone fit). Its blocks are (IC range, labels, correct); the map is the block's
 *       rate inside a block, linear between the upper edge of one block and the lower edge of the next (where PAV saw no
 *       label: linear is the least assumption that keeps the map monotone and continuous, a step would jump at an
 *       arbitrary point of the gap), and the end blocks' rates beyond the IC range seen.</li>
 *   <li>Between: <b>Platt scaling</b>, p(IC) = sigmoid(a + b logit(IC)), by Newton's method with step halving on the
 *       log-likelihood. IC is clipped to [{@link #LOGIT_EPSILON}, 1 - {@link #LOGIT_EPSILON}] (IC 1.0 is common and its
 *       logit infinite), and the outcomes are Platt's smoothed targets (N+ + 1) / (N+ + 2) and 1 / (N- + 2), which keep a
 *       and b finite when IC separates the classes. With one distinct IC the map is that one block.</li>
 * </ul>
 * Why the threshold of 200: a PAV block needs tens of labels for its rate to mean something, and with fewer than
 * about 200 labels PAV ends in a handful of blocks, the extreme ones of a few labels each (often rate 0 or 1); two
 * parameters are then the better trade of bias for variance. From 200 on, isotonic's freedom from any shape assumption
 * wins: Platt is biased whenever the true map is not a logistic in logit(IC) (the coverage study,
 * {@code AccuracyCoverageTest}, uses g(p) = p^1.5, which is not).
 *
 * <h2>Uncertainty of the fitted values</h2>
 * <ul>
 *   <li>Isotonic: per block the binomial standard error sqrt(q (1 - q) / n_b), with q = (correct + 1/2) / (n_b + 1)
 *       (the Jeffreys posterior mean) rather than the block's rate, so that a pure block (rate 0 or 1) does not
 *       claim to be exact. Errors of different blocks are taken as independent, those inside a block as one.</li>
 *   <li>Platt: the delta method, se(p) = p (1 - p) sqrt(u' C u), u = (1, logit IC), C the inverse Fisher information
 *       sum n_i p_i (1 - p_i) u_i u_i' at the fit.</li>
 * </ul>
 *
 * <h2>Version</h2>
 * {@code method-labels-hash}, the hash being the first 8 bytes of the SHA-256 of every parameter the map's values and
 * errors depend on (block edges, counts and correct counts; or a, b and C). Equal inputs in any grouping give equal
 * versions; any change of the fit gives another.
 */
public final class AccuracyMap {
    /** Fewer labels than this give no map. */
    public static final int MIN_LABELS = 20;
    /** From this many labels the map is isotonic, below it Platt. */
    public static final int ISOTONIC_MIN_LABELS = 200;
    /** IC is clipped to [eps, 1 - eps] before its logit (Platt). */
    public static final double LOGIT_EPSILON = 1e-6;
    private static final int MAX_NEWTON_STEPS = 100;

    public enum Method { ISOTONIC, PLATT }

    /**
     * Labelled answers at one IC value.
     *
     * @param ic        in [0, 1]
     * @param correct   answers labelled correct at this IC
     * @param incorrect answers labelled incorrect at this IC
     */
    public record Point(double ic, long correct, long incorrect) {
        public Point {
            if (Double.isNaN(ic) || ic < 0 || ic > 1) throw new IllegalArgumentException("point ic outside [0,1]: " + ic);
            if (correct < 0 || incorrect < 0) throw new IllegalArgumentException("point counts are negative: " + correct + ", " + incorrect);
            ic = ic + 0.0;
        }

        long n() {
            return correct + incorrect;
        }
    }

    /**
     * One block of the isotonic fit: the labelled answers with IC in [lowIc, highIc], pooled.
     *
     * @param rate correct / n, the map's value inside the block
     */
    public record Block(double lowIc, double highIc, long n, long correct, double rate, double standardError) {}

    // absent map
    private final Estimate.Status status;
    private final String reason;
    // present map
    private final Method method;
    private final long labels;
    private final long correct;
    private final double minIc;
    private final double maxIc;
    private final String version;
    // isotonic
    private final double[] low;
    private final double[] high;
    private final long[] blockN;
    private final long[] blockCorrect;
    private final double[] rate;
    private final double[] blockSe;
    // Platt: coefficients and the inverse Fisher information {caa, cab, cbb}
    private final double a;
    private final double b;
    private final double[] covariance;

    AccuracyMap(Estimate.Status status, String reason, long labels, long correct) {
        this.status = status;
        this.reason = reason;
        this.method = null;
        this.labels = labels;
        this.correct = correct;
        this.minIc = 0;
        this.maxIc = 0;
        this.version = "none";
        this.low = this.high = this.rate = this.blockSe = null;
        this.blockN = this.blockCorrect = null;
        this.a = this.b = 0;
        this.covariance = null;
    }

    AccuracyMap(long labels, long correct, double minIc, double maxIc, double[] low, double[] high, long[] blockN, long[] blockCorrect) {
        this.status = Estimate.Status.OK;
        this.reason = null;
        this.method = Method.ISOTONIC;
        this.labels = labels;
        this.correct = correct;
        this.minIc = minIc;
        this.maxIc = maxIc;
        this.low = low;
        this.high = high;
        this.blockN = blockN;
        this.blockCorrect = blockCorrect;
        this.rate = new double[low.length];
        this.blockSe = new double[low.length];
        for (int i = 0; i < low.length; i++) {
            rate[i] = (double) blockCorrect[i] / blockN[i];
            double q = (blockCorrect[i] + 0.5) / (blockN[i] + 1.0);
            blockSe[i] = Math.sqrt(q * (1 - q) / blockN[i]);
        }
        this.a = this.b = 0;
        this.covariance = null;
        ByteBuffer params = ByteBuffer.allocate(low.length * 32);
        for (int i = 0; i < low.length; i++) params.putDouble(low[i]).putDouble(high[i]).putLong(blockN[i]).putLong(blockCorrect[i]);
        this.version = version(Method.ISOTONIC, labels, params.array());
    }

    AccuracyMap(long labels, long correct, double minIc, double maxIc, double a, double b, double[] covariance) {
        this.status = Estimate.Status.OK;
        this.reason = null;
        this.method = Method.PLATT;
        this.labels = labels;
        this.correct = correct;
        this.minIc = minIc;
        this.maxIc = maxIc;
        this.low = this.high = this.rate = this.blockSe = null;
        this.blockN = this.blockCorrect = null;
        this.a = a;
        this.b = b;
        this.covariance = covariance;
        ByteBuffer params = ByteBuffer.allocate(7 * 8);
        params.putDouble(a).putDouble(b).putDouble(covariance[0]).putDouble(covariance[1]).putDouble(covariance[2])
                .putDouble(minIc).putDouble(maxIc);
        this.version = version(Method.PLATT, labels, params.array());
    }

    private static String version(Method method, long labels, byte[] params) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(method.name().getBytes(StandardCharsets.US_ASCII));
            sha.update(params);
            return method.name().toLowerCase() + "-" + labels + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---------------------------------------------------------------- fitting

    /** The map of these labelled points: none, Platt or isotonic by the number of labels (see the class comment). */
    public static AccuracyMap fit(Collection<Point> points) {
        Pooled pooled = pool(points);
        Point[] pts = pooled.points();
        long n = pooled.labels(), correct = pooled.correct();
        if (n < MIN_LABELS) {
            return new AccuracyMap(Estimate.Status.INSUFFICIENT, "fewer than " + MIN_LABELS + " labelled answers with IC (" + n + ")", n, correct);
        }
        if (correct == 0 || correct == n) {
            return new AccuracyMap(Estimate.Status.UNDEFINED, "all " + n + " labelled answers are " + (correct == 0 ? "incorrect" : "correct")
                    + ": nothing ties IC to accuracy", n, correct);
        }
        return n >= ISOTONIC_MIN_LABELS || pts.length == 1 ? isotonic(pts, n, correct) : platt(pts, n, correct);
    }

    /**
     * The map of a time bucket's labelled cells, at each cell's IC (its lower edge, as every bucket statistic uses), by
     * the cells' headline correctness.
     */
    public static AccuracyMap fit(Bucket bucket) {
        return fit(points(bucket));
    }

    /** The labelled points of a bucket, one per IC cell with a label, in IC order. */
    public static List<Point> points(Bucket bucket) {
        List<Point> out = new ArrayList<>();
        int i = 0;
        while (i < bucket.size()) {
            int ic = BucketCell.icIndex(bucket.key(i));
            long right = 0, wrong = 0;
            for (; i < bucket.size() && BucketCell.icIndex(bucket.key(i)) == ic; i++) {
                int label = BucketCell.label(bucket.key(i));
                if (label == BucketCell.CORRECT) right += bucket.count(i);
                else if (label == BucketCell.INCORRECT) wrong += bucket.count(i);
            }
            if (ic != 0 && right + wrong > 0) out.add(new Point(BucketCell.icValue(ic), right, wrong));
        }
        return out;
    }

    /** Isotonic regression whatever the number of labels (at least one point with a label). */
    static AccuracyMap isotonic(Collection<Point> points) {
        Pooled pooled = pool(points);
        if (pooled.labels() == 0) throw new IllegalArgumentException("no labelled point");
        return isotonic(pooled.points(), pooled.labels(), pooled.correct());
    }

    /** Platt scaling whatever the number of labels (at least two distinct IC values with labels). */
    static AccuracyMap platt(Collection<Point> points) {
        Pooled pooled = pool(points);
        if (pooled.points().length < 2) throw new IllegalArgumentException("Platt scaling needs two distinct IC values");
        return platt(pooled.points(), pooled.labels(), pooled.correct());
    }

    /** Points sorted by IC with equal IC pooled and those without labels dropped, and their totals. */
    private record Pooled(Point[] points, long labels, long correct) {}

    private static Pooled pool(Collection<Point> points) {
        Point[] sorted = points.stream().filter(p -> p.n() > 0).sorted(Comparator.comparingDouble(Point::ic)).toArray(Point[]::new);
        int m = 0;
        for (Point p : sorted) {
            if (m > 0 && sorted[m - 1].ic() == p.ic()) {
                sorted[m - 1] = new Point(p.ic(), sorted[m - 1].correct() + p.correct(), sorted[m - 1].incorrect() + p.incorrect());
            } else {
                sorted[m++] = p;
            }
        }
        long labels = 0, correct = 0;
        for (int i = 0; i < m; i++) {
            labels += sorted[i].n();
            correct += sorted[i].correct();
        }
        return new Pooled(Arrays.copyOf(sorted, m), labels, correct);
    }

    /**
     * Pool-adjacent-violators over points in IC order: a stack of blocks, each new point pushed as a block and merged
     * with the block below while the lower block's rate is not below it (rates compared as cross products of integers,
     * so equal rates pool exactly and the blocks are unique).
     */
    private static AccuracyMap isotonic(Point[] pts, long labels, long correct) {
        int size = 0;
        double[] low = new double[pts.length];
        double[] high = new double[pts.length];
        long[] n = new long[pts.length];
        long[] k = new long[pts.length];
        for (Point p : pts) {
            low[size] = p.ic();
            high[size] = p.ic();
            n[size] = p.n();
            k[size] = p.correct();
            size++;
            while (size > 1 && compare(k[size - 2], n[size - 2], k[size - 1], n[size - 1]) >= 0) {
                high[size - 2] = high[size - 1];
                n[size - 2] += n[size - 1];
                k[size - 2] += k[size - 1];
                size--;
            }
        }
        return new AccuracyMap(labels, correct, pts[0].ic(), pts[pts.length - 1].ic(), Arrays.copyOf(low, size),
                Arrays.copyOf(high, size), Arrays.copyOf(n, size), Arrays.copyOf(k, size));
    }

    /** Sign of k1/n1 - k2/n2 for non-negative counts, exactly. */
    private static int compare(long k1, long n1, long k2, long n2) {
        return Math.multiplyHigh(k1, n2) != Math.multiplyHigh(k2, n1)
                ? Long.compare(Math.multiplyHigh(k1, n2), Math.multiplyHigh(k2, n1))
                : Long.compareUnsigned(k1 * n2, k2 * n1);
    }

    static double logit(double ic) {
        double x = Math.min(1 - LOGIT_EPSILON, Math.max(LOGIT_EPSILON, ic));
        return Math.log(x / (1 - x));
    }

    static double sigmoid(double u) {
        return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    }

    /** log sigmoid(u) and log(1 - sigmoid(u)) = log sigmoid(-u), without overflow. */
    private static double logSigmoid(double u) {
        return u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
    }

    private static AccuracyMap platt(Point[] pts, long labels, long correct) {
        double targetCorrect = (correct + 1.0) / (correct + 2.0);
        double targetIncorrect = 1.0 / (labels - correct + 2.0);
        int m = pts.length;
        double[] z = new double[m];
        double[] w = new double[m];
        double[] t = new double[m]; // expected correct mass at the point
        for (int i = 0; i < m; i++) {
            z[i] = logit(pts[i].ic());
            w[i] = pts[i].n();
            t[i] = pts[i].correct() * targetCorrect + pts[i].incorrect() * targetIncorrect;
        }
        double prior = (correct + 1.0) / (labels + 2.0);
        double ca = Math.log(prior / (1 - prior)), cb = 0;
        double ll = logLikelihood(z, w, t, ca, cb);
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < m; i++) {
                double p = sigmoid(ca + cb * z[i]);
                double r = t[i] - w[i] * p;
                double v = w[i] * p * (1 - p);
                ga += r;
                gb += r * z[i];
                haa += v;
                hab += v * z[i];
                hbb += v * z[i] * z[i];
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) break;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            double scale = 1;
            double next = logLikelihood(z, w, t, ca + da, cb + db);
            while (next < ll && scale > 1e-10) {
                scale /= 2;
                next = logLikelihood(z, w, t, ca + scale * da, cb + scale * db);
            }
            if (next < ll) break;
            ca += scale * da;
            cb += scale * db;
            ll = next;
            if (Math.abs(scale * da) < 1e-12 * (1 + Math.abs(ca)) && Math.abs(scale * db) < 1e-12 * (1 + Math.abs(cb))) break;
        }
        double haa = 0, hab = 0, hbb = 0;
        for (int i = 0; i < m; i++) {
            double p = sigmoid(ca + cb * z[i]);
            double v = w[i] * p * (1 - p);
            haa += v;
            hab += v * z[i];
            hbb += v * z[i] * z[i];
        }
        double det = haa * hbb - hab * hab;
        double[] cov = det > 0 ? new double[] {hbb / det, -hab / det, haa / det} : new double[] {0, 0, 0};
        return new AccuracyMap(labels, correct, pts[0].ic(), pts[m - 1].ic(), ca, cb, cov);
    }

    private static double logLikelihood(double[] z, double[] w, double[] t, double ca, double cb) {
        double ll = 0;
        for (int i = 0; i < z.length; i++) {
            double u = ca + cb * z[i];
            ll += t[i] * logSigmoid(u) + (w[i] - t[i]) * logSigmoid(-u);
        }
        return ll;
    }

    // ---------------------------------------------------------------- reading

    /** Whether there is a map; when not, {@link #status()} and {@link #reason()} say why. */
    public boolean present() {
        return status == Estimate.Status.OK;
    }

    /** OK for a map; INSUFFICIENT for too few labels, UNDEFINED for labels of one class. */
    public Estimate.Status status() {
        return status;
    }

    /** Why there is no map, or null. */
    public String reason() {
        return reason;
    }

    /** ISOTONIC or PLATT; null when absent. */
    public Method method() {
        return method;
    }

    /** Labelled answers the map was fitted on (or found, when absent). */
    public long labels() {
        return labels;
    }

    /** How many of them were correct. */
    public long correct() {
        return correct;
    }

    /** Lowest labelled IC seen (0 when absent). */
    public double minIc() {
        return minIc;
    }

    /** Highest labelled IC seen (0 when absent). */
    public double maxIc() {
        return maxIc;
    }

    /** {@code isotonic-2000-3fa2c1d94e0b7a65}, {@code platt-120-...}, or {@code none}. */
    public String version() {
        return version;
    }

    /** The isotonic blocks in IC order; empty for Platt or no map. */
    public List<Block> blocks() {
        if (method != Method.ISOTONIC) return List.of();
        List<Block> out = new ArrayList<>(low.length);
        for (int i = 0; i < low.length; i++) out.add(new Block(low[i], high[i], blockN[i], blockCorrect[i], rate[i], blockSe[i]));
        return out;
    }

    /** Platt's intercept a (0 for other maps). */
    public double plattIntercept() {
        return a;
    }

    /** Platt's slope b on logit(IC) (0 for other maps). */
    public double plattSlope() {
        return b;
    }

    /** Platt's inverse Fisher information {C_aa, C_ab, C_bb}; null for other maps. */
    double[] plattCovariance() {
        return covariance == null ? null : covariance.clone();
    }

    /** The fitted probability of a correct answer at this IC. */
    public double accuracy(double ic) {
        requirePresent();
        if (method == Method.PLATT) return sigmoid(a + b * logit(ic));
        int i = segment(ic);
        double lambda = lambda(i, ic);
        return lambda == 0 ? rate[i] : (1 - lambda) * rate[i] + lambda * rate[i + 1];
    }

    /** The standard error of {@link #accuracy(double)} as the fit's own uncertainty (see the class comment). */
    public double standardError(double ic) {
        requirePresent();
        if (method == Method.PLATT) {
            double z = logit(ic);
            double p = sigmoid(a + b * z);
            return p * (1 - p) * Math.sqrt(Math.max(0, quadratic(1, z)));
        }
        int i = segment(ic);
        double lambda = lambda(i, ic);
        if (lambda == 0) return blockSe[i];
        double left = (1 - lambda) * blockSe[i];
        double right = lambda * blockSe[i + 1];
        return Math.sqrt(left * left + right * right);
    }

    /** u' C u for u = (ga, gb). */
    private double quadratic(double ga, double gb) {
        return ga * ga * covariance[0] + 2 * ga * gb * covariance[1] + gb * gb * covariance[2];
    }

    /**
     * The block at or left of this IC, searched forward from block {@code from} (a lower bound of the answer: the
     * estimator's cursor when the ICs come in ascending order, so a walk over sorted ICs costs O(d + b) in all).
     */
    private int segment(double ic, int from) {
        int i = from;
        while (i + 1 < low.length && low[i + 1] <= ic) i++;
        return i;
    }

    /** The block at or left of this IC (0 below the first block). */
    private int segment(double ic) {
        int i = Arrays.binarySearch(low, ic);
        if (i >= 0) {
            while (i + 1 < low.length && low[i + 1] == ic) i++;
            return i;
        }
        return Math.max(0, -i - 2);
    }

    /** Weight of the next block at this IC: 0 inside block i or outside the range seen, in (0, 1) in a gap. */
    private double lambda(int i, double ic) {
        if (ic <= high[i] || i + 1 >= low.length) return 0;
        return (ic - high[i]) / (low[i + 1] - high[i]);
    }

    private void requirePresent() {
        if (!present()) throw new IllegalStateException("no accuracy map: " + reason);
    }

    /** An accumulator of unlabelled ICs that ends in the {@link AccuracyEstimate} of their accuracy. */
    public Estimator estimator() {
        return new Estimator(this);
    }

    /**
     * The estimated accuracy of a multiset of unlabelled answers, added one IC (with its multiplicity) at a time. Add
     * them in IC order when the result must be reproducible to the last bit (floating-point sums depend on the order).
     */
    public static final class Estimator {
        private final AccuracyMap map;
        private long n;
        private double sumP;
        private double sumBernoulli;
        private final double[] blockWeight; // isotonic: sum over answers of each block's share of its value
        private double gradA;               // Platt: sum of d p / d a and d p / d b
        private double gradB;
        private double lastIc = Double.POSITIVE_INFINITY; // with cursor: the block of the previous IC, when they ascend
        private int cursor;

        private Estimator(AccuracyMap map) {
            this.map = map;
            this.blockWeight = map.method == Method.ISOTONIC ? new double[map.low.length] : null;
        }

        public Estimator add(double ic) {
            return add(ic, 1);
        }

        public Estimator add(double ic, long count) {
            if (count <= 0) return this;
            n += count;
            if (!map.present()) return this;
            double p;
            if (map.method == Method.PLATT) {
                double z = logit(ic);
                p = sigmoid(map.a + map.b * z);
                double slope = p * (1 - p) * count;
                gradA += slope;
                gradB += slope * z;
            } else {
                // ICs in ascending order (as windows and buckets give them) walk the blocks forward from the last one;
                // an IC out of order is searched
                int i = ic >= lastIc ? map.segment(ic, cursor) : map.segment(ic);
                lastIc = ic;
                cursor = i;
                double lambda = map.lambda(i, ic);
                if (lambda == 0) {
                    p = map.rate[i];
                    blockWeight[i] += count;
                } else {
                    p = (1 - lambda) * map.rate[i] + lambda * map.rate[i + 1];
                    blockWeight[i] += (1 - lambda) * count;
                    blockWeight[i + 1] += lambda * count;
                }
            }
            sumP += p * count;
            sumBernoulli += p * (1 - p) * count;
            return this;
        }

        /** What has been added so far, as sums that add and subtract over disjoint multisets of ICs. */
        public Sums sums() {
            return new Sums(n, sumP, sumBernoulli, blockWeight == null ? new double[0] : blockWeight.clone(), gradA, gradB);
        }

        public AccuracyEstimate result() {
            return map.estimate(sums());
        }
    }

    /**
     * The sums an {@link Estimator} of this map accumulates, linear in the multiset of ICs added: the sums of a union
     * of disjoint multisets are the sums of the parts, so the estimate of the answers added between two moments is
     * {@link #estimate} of {@code later.minus(earlier)}, without keeping the answers.
     *
     * @param blockWeight isotonic: the answers' weight on each block (empty for Platt or no map)
     */
    public record Sums(long n, double sumP, double sumBernoulli, double[] blockWeight, double gradA, double gradB) {
        public Sums {
            if (n < 0) throw new IllegalArgumentException("accuracy sums of a negative count: " + n);
            blockWeight = blockWeight.clone();
        }

        /** The sums of the ICs added to this multiset since {@code earlier}, a part of it (same map). */
        public Sums minus(Sums earlier) {
            if (earlier.blockWeight.length != blockWeight.length || earlier.n > n) {
                throw new IllegalArgumentException("accuracy sums of another map, or of a larger multiset");
            }
            double[] w = new double[blockWeight.length];
            for (int i = 0; i < w.length; i++) w[i] = Math.max(0, blockWeight[i] - earlier.blockWeight[i]);
            return new Sums(n - earlier.n, sumP - earlier.sumP, Math.max(0, sumBernoulli - earlier.sumBernoulli), w,
                    gradA - earlier.gradA, gradB - earlier.gradB);
        }

        @Override
        public double[] blockWeight() {
            return blockWeight.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sums s && n == s.n && Double.compare(sumP, s.sumP) == 0
                    && Double.compare(sumBernoulli, s.sumBernoulli) == 0 && Arrays.equals(blockWeight, s.blockWeight)
                    && Double.compare(gradA, s.gradA) == 0 && Double.compare(gradB, s.gradB) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(n) + Arrays.hashCode(blockWeight) + Double.hashCode(sumP);
        }
    }

    /** The estimate of the unlabelled answers whose {@link Sums} (through this map) these are. */
    public AccuracyEstimate estimate(Sums sums) {
        long n = sums.n();
        if (!present()) return AccuracyEstimate.absent(status, reason, n);
        if (n == 0) return AccuracyEstimate.absent(Estimate.Status.INSUFFICIENT, "no unlabelled answers with IC", 0);
        double[] blockWeight = sums.blockWeight;
        if (method == Method.ISOTONIC && blockWeight.length != low.length) {
            throw new IllegalArgumentException("accuracy sums of another map: " + blockWeight.length + " blocks, not " + low.length);
        }
        double nn = (double) n * n;
        double answerVariance = sums.sumBernoulli() / nn;
        double mapVariance;
        if (method == Method.PLATT) {
            mapVariance = Math.max(0, quadratic(sums.gradA(), sums.gradB())) / nn;
        } else {
            double s = 0;
            for (int i = 0; i < blockWeight.length; i++) {
                double e = blockWeight[i] * blockSe[i];
                s += e * e;
            }
            mapVariance = s / nn;
        }
        return AccuracyEstimate.of(version, method, n, sums.sumP() / n, answerVariance, mapVariance);
    }
}

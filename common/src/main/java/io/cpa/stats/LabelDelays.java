package io.cpa.stats;

import io.cpa.label.LabelKind;
import io.cpa.label.PerKind;

import java.util.Arrays;

/**
 * How long labels took to arrive (from the answer's event time to the label's), per labeller kind, as a histogram
 * with log-spaced bins: bounded whatever the number of labels, and mergeable by adding counts (a day's histograms
 * make a week's). The one byte form is {@link LabelDelaysCodec}.
 *
 * <h2>Bins and error</h2>
 * Bin 0 holds delays under {@link #MIN_MS} = 1 s (negative ones too: a label stamped before its answer by a skewed
 * clock) and reads as 0. Bins 1..{@link #BINS} cover [1 s, 400 days) with edges 1 s x 1.1^i, each read as its
 * geometric middle, so a delay read back is within sqrt(1.1) - 1 = 4.9% ({@link #RELATIVE_ERROR}) of every delay of its
 * bin. The last bin holds delays of {@link #MAX_MS} = 400 days or more and reads as 400 days (a lower bound).
 *
 * <h2>Quantiles</h2>
 * {@link #quantileMs} is the nearest-rank quantile: the k-th smallest delay, k = max(1, ceil(q n)), read from its
 * bin; it is therefore within {@link #RELATIVE_ERROR} of the exact nearest-rank quantile of the delays added whenever
 * that delay lies in [1 s, 400 days) (and within 1 s below that).
 *
 * <p>Mutable, not thread-safe: one instance per series and day being updated.
 */
public final class LabelDelays {
    public static final long MIN_MS = 1_000L;
    public static final long MAX_MS = 400L * 86_400_000L;
    /** The ratio of a bin's upper to its lower edge. */
    public static final double RATIO = 1.1;
    public static final double RELATIVE_ERROR = Math.sqrt(RATIO) - 1;
    /** Bins of [1 s, 400 days): the first power of 1.1 at or above 400 days in seconds. */
    public static final int BINS = (int) Math.ceil(Math.log((double) MAX_MS / MIN_MS) / Math.log(RATIO));
    /** Bins in all: under 1 s, the log-spaced ones, 400 days or more. */
    static final int SLOTS = BINS + 2;
    private static final double LOG_RATIO = Math.log(RATIO);
    private static final LabelKind[] KINDS = LabelKind.values();

    private final long[][] counts = new long[KINDS.length][SLOTS];

    /**
     * @param n        delays counted
     * @param medianMs the nearest-rank median, UNDEFINED when n = 0
     * @param p95Ms    the nearest-rank 95th percentile, UNDEFINED when n = 0
     */
    public record Summary(long n, Metric medianMs, Metric p95Ms) {}

    /** Counts one label of {@code kind} that arrived {@code delayMs} after its answer. */
    public void add(LabelKind kind, long delayMs) {
        counts[kind.ordinal()][slot(delayMs)]++;
    }

    /** Adds every delay of {@code other} (a merge). */
    public void add(LabelDelays other) {
        for (int k = 0; k < KINDS.length; k++) {
            for (int s = 0; s < SLOTS; s++) counts[k][s] += other.counts[k][s];
        }
    }

    public static LabelDelays merge(Iterable<LabelDelays> parts) {
        LabelDelays out = new LabelDelays();
        for (LabelDelays p : parts) out.add(p);
        return out;
    }

    static int slot(long delayMs) {
        if (delayMs < MIN_MS) return 0;
        if (delayMs >= MAX_MS) return BINS + 1;
        int bin = 1 + (int) Math.floor(Math.log((double) delayMs / MIN_MS) / LOG_RATIO);
        return Math.max(1, Math.min(BINS, bin));
    }

    /** The value a slot reads as: 0, the geometric middle of a bin, or 400 days. */
    static double value(int slot) {
        if (slot == 0) return 0;
        if (slot == BINS + 1) return MAX_MS;
        return MIN_MS * Math.pow(RATIO, slot - 0.5);
    }

    public long n() {
        long n = 0;
        for (LabelKind k : KINDS) n += n(k);
        return n;
    }

    public long n(LabelKind kind) {
        long n = 0;
        for (long c : counts[kind.ordinal()]) n += c;
        return n;
    }

    /** The nearest-rank {@code q}-quantile of every kind's delays, in ms; UNDEFINED when there are none. */
    public Metric quantileMs(double q) {
        long[] all = new long[SLOTS];
        for (long[] kind : counts) for (int s = 0; s < SLOTS; s++) all[s] += kind[s];
        return quantile(all, q);
    }

    /** The nearest-rank {@code q}-quantile of {@code kind}'s delays, in ms; UNDEFINED when there are none. */
    public Metric quantileMs(LabelKind kind, double q) {
        return quantile(counts[kind.ordinal()], q);
    }

    private static Metric quantile(long[] slots, double q) {
        if (Double.isNaN(q) || q < 0 || q > 1) throw new IllegalArgumentException("quantile outside [0, 1]: " + q);
        long n = 0;
        for (long c : slots) n += c;
        if (n == 0) return Metric.UNDEFINED;
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int s = 0; s < SLOTS; s++) {
            seen += slots[s];
            if (seen >= rank) return Metric.of(value(s));
        }
        throw new IllegalStateException("rank " + rank + " beyond " + n);
    }

    public Summary summary() {
        return new Summary(n(), quantileMs(0.5), quantileMs(0.95));
    }

    public Summary summary(LabelKind kind) {
        return new Summary(n(kind), quantileMs(kind, 0.5), quantileMs(kind, 0.95));
    }

    public PerKind<Summary> summaryByKind() {
        return PerKind.of(this::summary);
    }

    long count(int kind, int slot) {
        return counts[kind][slot];
    }

    void set(int kind, int slot, long count) {
        counts[kind][slot] = count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelDelays d && Arrays.deepEquals(counts, d.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "LabelDelays[n " + n() + "]";
    }
}

package io.cpa.benchmarks;

import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.Snapshot;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowsConfig;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Updates per second of one sliding count window of size N over a stream of (IC, six-level VC) pairs: the incremental
 * engine (which keeps rho, tau-b, Pearson, calibration, taxonomy and histograms exact on every update) against
 * recomputing rho and tau-b from scratch with Commons Math on every update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SlidingWindowBenchmark {
    private static final int STREAM = 1 << 20;

    @Param({"1000", "10000", "100000"})
    public int n;

    private Observation[] stream;
    private int next;
    private SeriesWindows windows;
    private double[] ringX;
    private double[] ringY;
    private int ringPos;
    private final SpearmansCorrelation spearman = new SpearmansCorrelation();
    private final KendallsCorrelation kendall = new KendallsCorrelation();

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        stream = new Observation[STREAM];
        for (int i = 0; i < STREAM; i++) {
            double ic = random.nextDouble();
            // VC follows IC loosely, on the six-level scale
            int level = (int) Math.max(0, Math.min(5, Math.round(5 * ic + random.nextGaussian() * 1.5)));
            Boolean correct = random.nextDouble() < 0.5 ? null : random.nextDouble() < ic;
            stream[i] = Observation.paired(i, i * 10L, ic, level / 5.0, correct);
        }
        windows = new SeriesWindows(new WindowsConfig(List.of(n), List.of(), false, 10, 10, 20, TaxonomyThresholds.DEFAULT));
        ringX = new double[n];
        ringY = new double[n];
        for (int i = 0; i < n; i++) {
            windows.add(stream[i]);
            ringX[i] = stream[i].ic();
            ringY[i] = stream[i].vcLevel();
        }
        next = n;
    }

    private Observation nextObservation() {
        Observation o = stream[next % STREAM];
        long sequence = next++;
        // sequences must increase, so replays of the pre-generated stream get the running sequence number
        return o.sequence() == sequence ? o
                : new Observation(sequence, o.timestampMs(), o.ic(), o.vc(), o.vcStatus(), o.correct());
    }

    /** One incremental update: evict the oldest, add the newest, every statistic kept exact. */
    @Benchmark
    public boolean engineUpdate() {
        if (!windows.add(nextObservation())) throw new IllegalStateException("observation rejected: the benchmark would measure nothing");
        return true;
    }

    /** One incremental update followed by reading every statistic with p-values and intervals. */
    @Benchmark
    public Snapshot engineUpdateAndSnapshot() {
        windows.add(nextObservation());
        return windows.snapshot();
    }

    /** Baseline: slide the window and recompute Spearman and Kendall with Commons Math. */
    @Benchmark
    public double recomputeSpearmanKendall() {
        slideRing();
        return spearman.correlation(ringX, ringY) + kendall.correlation(ringX, ringY);
    }

    /** Baseline for large N, where Kendall's recomputation is too slow to measure: Spearman only. */
    @Benchmark
    public double recomputeSpearman() {
        slideRing();
        return spearman.correlation(ringX, ringY);
    }

    private void slideRing() {
        Observation o = nextObservation();
        ringX[ringPos] = o.ic();
        ringY[ringPos] = o.vcLevel();
        ringPos = (ringPos + 1) % n;
    }
}

package io.cpa.benchmarks;

import io.cpa.certainty.ParseStatus;
import io.cpa.stats.Observation;
import io.cpa.stats.SeriesWindows;
import io.cpa.stats.TaxonomyThresholds;
import io.cpa.stats.WindowsConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine's cost per update as the median of this thread's CPU time over many rounds, for a machine whose other
 * load makes JMH's wall-clock intervals as wide as the values: CPU time does not count the time the thread waits for a
 * core. The stream is {@link SlidingWindowBenchmark}'s six-level one (same seed), one count window of N.
 *
 * <pre>java -cp devtools/benchmarks/target/benchmarks.jar io.cpa.benchmarks.EngineCpuTime 1000 10000 100000</pre>
 *
 * Per N: warm-up, then 2,000 rounds of 1,000 updates (the median of {@code engineUpdate}), then 2,000 rounds of 50
 * updates and a snapshot ({@code engineUpdateAndSnapshotEvery50}), in that order; prints ns per update and updates/s.
 */
public final class EngineCpuTime {
    private static final int STREAM = 1 << 20;
    private static final int ROUNDS = 2_000;

    private EngineCpuTime() {}

    public static void main(String[] args) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Observation[] stream = sixLevels();
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            SeriesWindows windows = new SeriesWindows(new WindowsConfig(List.of(n), List.of(), false, 10, 10, 20, TaxonomyThresholds.DEFAULT));
            int[] next = {0};
            for (int i = 0; i < n; i++) windows.add(next(stream, next));
            for (int i = 0; i < 3_000_000; i++) windows.add(next(stream, next));
            for (int i = 0; i < 200; i++) {
                for (int k = 0; k < 50; k++) windows.add(next(stream, next));
                windows.snapshot();
            }
            long[] update = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int k = 0; k < 1_000; k++) windows.add(next(stream, next));
                update[r] = bean.getCurrentThreadCpuTime() - t0;
            }
            long[] every50 = new long[ROUNDS];
            long sink = 0;
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int k = 0; k < 50; k++) windows.add(next(stream, next));
                sink += windows.snapshot().windows().size();
                every50[r] = bean.getCurrentThreadCpuTime() - t0;
            }
            double perUpdate = median(update) / 1_000.0;
            double perUpdate50 = median(every50) / 50.0;
            System.out.printf("N=%d engineUpdate: %.0f ns/update (%.0f updates/s); engineUpdateAndSnapshotEvery50: %.0f ns/update (%.0f updates/s) [%d]%n",
                    n, perUpdate, 1e9 / perUpdate, perUpdate50, 1e9 / perUpdate50, sink);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Observation next(Observation[] stream, int[] next) {
        int sequence = next[0]++;
        Observation o = stream[sequence % STREAM];
        return o.sequence() == sequence ? o
                : new Observation(sequence, o.timestampMs(), o.ic(), o.vc(), o.vcStatus(), o.correct(), o.pvc());
    }

    /** {@link SlidingWindowBenchmark}'s six-level stream: continuous IC, half labelled, VC following IC loosely. */
    private static Observation[] sixLevels() {
        SplittableRandom random = new SplittableRandom(42);
        Observation[] stream = new Observation[STREAM];
        for (int i = 0; i < STREAM; i++) {
            double ic = random.nextDouble();
            Boolean correct = random.nextDouble() < 0.5 ? null : random.nextDouble() < ic;
            double noisy = ic + random.nextGaussian() * 0.3;
            int level = (int) Math.max(0, Math.min(5, Math.round(5 * noisy)));
            stream[i] = new Observation(i, i * 10L, ic, level / 5.0, ParseStatus.OK, correct, null);
        }
        return stream;
    }
}

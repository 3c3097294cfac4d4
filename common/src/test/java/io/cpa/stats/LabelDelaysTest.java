package io.cpa.stats;

import io.cpa.label.LabelKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The histogram's quantiles against the exact nearest-rank quantiles of random samples, its merge and its codec. */
class LabelDelaysTest {
    private static final long DAY = 86_400_000L;

    @Test
    void binsCoverOneSecondToFourHundredDaysWithinFivePercent() {
        assertThat(LabelDelays.BINS).isEqualTo(183);
        assertThat(LabelDelays.RELATIVE_ERROR).isLessThan(0.05);
        // every bin edge and a point inside each bin reads back within the stated error
        for (int i = 0; i <= LabelDelays.BINS; i++) {
            for (double at : new double[] {0, 0.37, 0.999999}) {
                long d = (long) Math.ceil(LabelDelays.MIN_MS * Math.pow(LabelDelays.RATIO, i + at));
                if (d >= LabelDelays.MAX_MS) continue;
                double read = LabelDelays.value(LabelDelays.slot(d));
                assertThat(Math.abs(read - d) / d).as("delay %d ms", d).isLessThanOrEqualTo(LabelDelays.RELATIVE_ERROR + 1e-12);
            }
        }
        assertThat(LabelDelays.slot(999)).isZero();
        assertThat(LabelDelays.slot(-5_000)).isZero();
        assertThat(LabelDelays.slot(LabelDelays.MAX_MS - 1)).isEqualTo(LabelDelays.BINS);
        assertThat(LabelDelays.slot(LabelDelays.MAX_MS)).isEqualTo(LabelDelays.BINS + 1);
        assertThat(LabelDelays.value(LabelDelays.BINS + 1)).isEqualTo(LabelDelays.MAX_MS);
    }

    @Test
    void quantilesAreWithinTheStatedErrorOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(3);
        List<ToLongFunction<SplittableRandom>> distributions = List.of(
                r -> (long) (LabelDelays.MIN_MS * Math.exp(r.nextDouble() * Math.log((double) LabelDelays.MAX_MS / LabelDelays.MIN_MS))), // log-uniform
                r -> (long) (-600_000 * Math.log(1 - r.nextDouble())),               // exponential, mean 10 min
                r -> r.nextInt(10) == 0 ? r.nextLong(-2_000, 1_000) : 1_000 + r.nextLong(30 * 60_000), // some under 1 s
                r -> r.nextInt(3) == 0 ? LabelDelays.MAX_MS + r.nextLong(DAY) : r.nextLong(DAY, 300 * DAY)); // some past 400 days
        int checked = 0;
        for (ToLongFunction<SplittableRandom> distribution : distributions) {
            for (int n : new int[] {1, 2, 7, 50, 1_000, 20_000}) {
                LabelDelays h = new LabelDelays();
                List<List<Long>> byKind = new ArrayList<>();
                for (int k = 0; k < 4; k++) byKind.add(new ArrayList<>());
                long[] all = new long[n];
                for (int i = 0; i < n; i++) {
                    long d = distribution.applyAsLong(random);
                    LabelKind kind = LabelKind.values()[random.nextInt(4)];
                    h.add(kind, d);
                    byKind.get(kind.ordinal()).add(d);
                    all[i] = d;
                }
                assertThat(h.n()).isEqualTo(n);
                for (double q : new double[] {0, 0.05, 0.5, 0.95, 0.99, 1, random.nextDouble()}) {
                    check(h.quantileMs(q), all, q);
                    for (LabelKind k : LabelKind.values()) {
                        long[] own = byKind.get(k.ordinal()).stream().mapToLong(Long::longValue).toArray();
                        assertThat(h.n(k)).isEqualTo(own.length);
                        check(h.quantileMs(k, q), own, q);
                    }
                    checked++;
                }
                LabelDelays.Summary s = h.summary();
                assertThat(s.n()).isEqualTo(n);
                assertThat(s.medianMs()).isEqualTo(h.quantileMs(0.5));
                assertThat(s.p95Ms()).isEqualTo(h.quantileMs(0.95));
                assertThat(h.summaryByKind().get(LabelKind.JUDGE)).isEqualTo(h.summary(LabelKind.JUDGE));
            }
        }
        assertThat(checked).isEqualTo(4 * 6 * 7);
    }

    /** Against the exact nearest-rank quantile: the k-th smallest, k = max(1, ceil(q n)). */
    private static void check(Metric got, long[] sample, double q) {
        if (sample.length == 0) {
            assertThat(got.status()).isEqualTo(Estimate.Status.UNDEFINED);
            return;
        }
        long[] sorted = sample.clone();
        Arrays.sort(sorted);
        long exact = sorted[(int) Math.max(1, Math.ceil(q * sorted.length)) - 1];
        assertThat(got.ok()).isTrue();
        if (exact < LabelDelays.MIN_MS) {
            assertThat(got.value()).isZero();
        } else if (exact >= LabelDelays.MAX_MS) {
            assertThat(got.value()).isEqualTo(LabelDelays.MAX_MS);
        } else {
            assertThat(Math.abs(got.value() - exact) / exact).as("q %s of %d delays: %s against %d", q, sorted.length, got.value(), exact)
                    .isLessThanOrEqualTo(LabelDelays.RELATIVE_ERROR + 1e-12);
        }
    }

    @Test
    void mergingPartsGivesTheHistogramOfTheWhole() {
        SplittableRandom random = new SplittableRandom(8);
        LabelDelays whole = new LabelDelays();
        List<LabelDelays> days = new ArrayList<>();
        for (int d = 0; d < 7; d++) days.add(new LabelDelays());
        for (int i = 0; i < 5_000; i++) {
            LabelKind kind = LabelKind.values()[random.nextInt(4)];
            long delay = (long) (-3_600_000 * Math.log(1 - random.nextDouble()));
            whole.add(kind, delay);
            days.get(random.nextInt(7)).add(kind, delay);
        }
        LabelDelays merged = LabelDelays.merge(days);
        assertThat(merged).isEqualTo(whole);
        assertThat(merged.summaryByKind()).isEqualTo(whole.summaryByKind());
        assertThat(new LabelDelays().quantileMs(0.5).status()).isEqualTo(Estimate.Status.UNDEFINED);
    }

    @Test
    void theCodecIsSparseAndExact() {
        assertThat(LabelDelaysCodec.encode(new LabelDelays())).hasSize(5);
        SplittableRandom random = new SplittableRandom(4);
        LabelDelays d = new LabelDelays();
        for (int i = 0; i < 100_000; i++) {
            // a day of labels: humans within hours, judges overnight, user feedback within minutes
            LabelKind kind = LabelKind.values()[1 + random.nextInt(3)];
            double mean = switch (kind) {
                case HUMAN -> 2 * 3_600_000;
                case JUDGE -> 8 * 3_600_000;
                default -> 5 * 60_000;
            };
            d.add(kind, (long) (-mean * Math.log(1 - random.nextDouble())));
        }
        byte[] bytes = LabelDelaysCodec.encode(d);
        assertThat(LabelDelaysCodec.decode(bytes)).isEqualTo(d);
        assertThat(bytes.length).as("a day of 100,000 labels").isLessThan(1_000);
        System.out.printf("label delays: 100,000 labels of three kinds in %d bytes%n", bytes.length);
    }

    @Test
    void badBytesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {2, 0, 0, 0, 0})).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {1, 0, 0, 0})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {1, 0, 0, 0, 0, 0})).hasMessageContaining("after the last bin");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {1, 1, 1, 0, 0, 0, 0})).hasMessageContaining("empty bin");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {1, 2, 3, 1, 0, 1, 0, 0, 0})).hasMessageContaining("out of order");
        assertThatThrownBy(() -> LabelDelaysCodec.decode(new byte[] {1, 1, (byte) 190, 1, 1, 0, 0, 0})).hasMessageContaining("out of order or range");
    }
}

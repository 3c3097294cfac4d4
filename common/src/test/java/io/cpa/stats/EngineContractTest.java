package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.event.EventJson;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineContractTest {

    @Test
    void int128MatchesBigInteger() {
        SplittableRandom r = new SplittableRandom(5);
        Int128 acc = new Int128();
        BigInteger expected = BigInteger.ZERO;
        for (int i = 0; i < 20_000; i++) {
            long a = r.nextLong();
            long b = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt();
            switch (r.nextInt(4)) {
                case 0 -> { acc.add(a); expected = expected.add(BigInteger.valueOf(a)); }
                case 1 -> { acc.subtract(a); expected = expected.subtract(BigInteger.valueOf(a)); }
                case 2 -> { acc.addProduct(a, b); expected = expected.add(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))); }
                default -> { acc.subtractProduct(a, b); expected = expected.subtract(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))); }
            }
            // keep within 128 bits, as the engine's sums are
            if (expected.bitLength() > 120) {
                acc = new Int128();
                expected = BigInteger.ZERO;
            }
            assertThat(acc.toBigInteger()).isEqualTo(expected);
        }
    }

    @Test
    void negativeZeroIsZeroSoItTiesWithZero() {
        Observation o = Observation.paired(1, 0, -0.0, -0.0, true);
        assertThat(Double.doubleToRawLongBits(o.ic())).isZero();
        assertThat(Double.doubleToRawLongBits(o.vc())).isZero();
        WindowsConfig config = new WindowsConfig(List.of(20), List.of(), true, 5, 10, 10, TaxonomyThresholds.DEFAULT);
        SeriesWindows negative = new SeriesWindows(config);
        SeriesWindows positive = new SeriesWindows(config);
        for (int i = 0; i < 12; i++) {
            double ic = i % 3 == 0 ? 0.0 : i / 12.0;
            double vc = i % 4 == 0 ? 0.0 : 0.2 * (i % 6);
            // some zeros negative, some not: unnormalised they would be two values and break the ties
            negative.add(Observation.paired(i, i, ic == 0 && i % 2 == 0 ? -0.0 : ic, vc == 0 && i % 8 == 0 ? -0.0 : vc, i % 2 == 0));
            positive.add(Observation.paired(i, i, ic, vc, i % 2 == 0));
        }
        assertThat(negative.snapshot()).usingRecursiveComparison().isEqualTo(positive.snapshot());
        assertThat(negative.snapshot().window(WindowKind.COUNT, 20).spearman().status()).isEqualTo(Estimate.Status.OK);
    }

    @Test
    void timeWindowEvictsByEventTimeAndSkipsLateArrivals() {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(), List.of(1000L), false, 5, 10, 10, TaxonomyThresholds.DEFAULT));
        w.add(Observation.paired(1, 10_000, 0.5, 0.4, null));
        w.add(Observation.paired(2, 10_500, 0.6, 0.4, null));
        w.add(Observation.paired(3, 8_000, 0.6, 0.4, null)); // older than the horizon 9_500: not added
        assertThat(w.snapshot().window(WindowKind.TIME, 1000).n()).isEqualTo(2);
        w.add(Observation.paired(4, 11_000, 0.7, 0.6, null)); // horizon 10_000: the first one leaves
        assertThat(w.snapshot().window(WindowKind.TIME, 1000).n()).isEqualTo(2);
    }

    @Test
    void failuresAreCountedNotPaired() {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(10), List.of(), true, 5, 10, 10, TaxonomyThresholds.DEFAULT));
        w.add(new Observation(1, 0, 0.4, null, ParseStatus.NONE, true));
        w.add(new Observation(2, 0, null, 0.8, ParseStatus.OK, false));
        w.add(Observation.paired(3, 0, 0.9, 1.0, true));
        WindowStats s = w.snapshot().window(WindowKind.SINCE_START, 0);
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.pairedN()).isEqualTo(1);
        assertThat(s.vcParseFailures()).isEqualTo(1);
        assertThat(s.icMissing()).isEqualTo(1);
        assertThat(s.parseFailureRate().value()).isEqualTo(1.0 / 3);
        assertThat(s.spearman().status()).isEqualTo(Estimate.Status.INSUFFICIENT);
        assertThat(s.levelCounts()).containsExactly(0, 0, 0, 0, 1, 1);
        assertThat(s.icCalibration().n()).isEqualTo(2);
        assertThat(s.vcCalibration().n()).isEqualTo(2);
        assertThat(s.taxonomy().consistentAlignment()).isEqualTo(1);
    }

    @Test
    void taxonomyClassesAreDisjointAsDocumented() {
        TaxonomyThresholds t = TaxonomyThresholds.DEFAULT;
        assertThat(t.classify(0.9, 1.0)).isEqualTo(0);
        assertThat(t.classify(0.9, 0.0)).isEqualTo(1);
        assertThat(t.classify(0.1, 0.8)).isEqualTo(2);
        assertThat(t.classify(0.65, 0.4)).isEqualTo(3); // both middling, |0.65 - 0.4| = 0.25 >= 0.2
        assertThat(t.classify(0.45, 0.6)).isEqualTo(4); // both middling, |0.45 - 0.6| = 0.15 < 0.2
        assertThat(t.classify(0.1, 0)).isEqualTo(4); // both low
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> Observation.paired(1, 0, Double.NaN, 0.4, null)).hasMessageContaining("ic");
        assertThatThrownBy(() -> new Observation(1, 0, 0.5, 0.4, ParseStatus.NONE, null)).hasMessageContaining("vcStatus");
        assertThatThrownBy(() -> new WindowsConfig(List.of(10), List.of(), true, 2, 10, 10, TaxonomyThresholds.DEFAULT)).hasMessageContaining("minN");
        assertThatThrownBy(() -> new TaxonomyThresholds(0.8, 0.7, 0.3, 0.7, 0.2)).hasMessageContaining("icLow");
        assertThatThrownBy(() -> BucketCodec.decode(new byte[] {9, 2, 3, 4})).hasMessageContaining("format");
        assertThatThrownBy(() -> BucketCodec.decode(new byte[] {1, 5, 3})).hasMessageContaining("entries");
        assertThatThrownBy(() -> ObservationCodec.decode(1, new byte[] {1, 2, 3})).hasMessageContaining("27 or 44 bytes (26 or 43 before labels)");
        assertThatThrownBy(() -> new Estimate(Estimate.Status.OK, Double.NaN, 5, 0, 0, 0)).hasMessageContaining("NaN");
    }

    /** The names the snapshot JSON carries for labels: coverage, and calibration per labeller kind by the kinds' ids. */
    @Test
    void labelCoverageAndCalibrationPerKindInJson() {
        SeriesWindows w = new SeriesWindows(new WindowsConfig(List.of(10), List.of(), false, 5, 10, 10, TaxonomyThresholds.DEFAULT));
        for (int i = 1; i <= 8; i++) {
            Verdicts v = Verdicts.NONE.with(LabelKind.HUMAN, i % 2 == 0).with(LabelKind.USER_FEEDBACK, i < 3 ? true : null);
            w.add(Observation.paired(i, i, i / 10.0, 0.6, null).relabelled(i < 7 ? v : Verdicts.NONE, LabelKind.DEFAULT_PRECEDENCE));
        }
        WindowStats s = w.snapshot().window(WindowKind.COUNT, 10);
        assertThat(s.labels()).isEqualTo(new LabelCoverage(6, 2, new io.cpa.label.PerKind<>(0L, 6L, 0L, 2L)));
        assertThat(s.calibrationByKind().human().ic().n()).isEqualTo(6);
        assertThat(s.calibrationByKind().human().ic().accuracy().value()).isEqualTo(0.5);
        assertThat(s.calibrationByKind().userFeedback().vc().n()).isEqualTo(2);
        String json = EventJson.write(s);
        assertThat(json).contains("\"labels\":{\"labelled\":6,\"unlabelled\":2,\"byKind\":{\"gold\":0,\"human\":6,\"judge\":0,\"user-feedback\":2}}");
        assertThat(json).contains("\"calibrationByKind\":{\"gold\":{\"ic\":{\"n\":0,");
        assertThat(json).contains("\"user-feedback\":{\"ic\":{\"n\":2,");
        Bucket.Builder b = new Bucket.Builder();
        b.add(Observation.paired(1, 1, 0.5, 0.6, true));
        b.add(Observation.paired(2, 1, 0.5, 0.6, null));
        String range = EventJson.write(BucketStats.of(b.build(), WindowsConfig.DEFAULT, WindowKind.RANGE, 0));
        assertThat(range).as("the buckets keep the headline only").contains("\"labels\":{\"labelled\":1,\"unlabelled\":1}")
                .doesNotContain("byKind").doesNotContain("calibrationByKind");
    }

    @Test
    void statisticsWithoutANumberAreNullInJson() {
        assertThat(io.cpa.event.EventJson.write(Estimate.undefined(40)))
                .isEqualTo("{\"status\":\"UNDEFINED\",\"value\":null,\"n\":40,\"pValue\":null,\"lower\":null,\"upper\":null}");
        assertThat(io.cpa.event.EventJson.write(Metric.INSUFFICIENT)).isEqualTo("{\"status\":\"INSUFFICIENT\",\"value\":null}");
        assertThat(io.cpa.event.EventJson.write(new Estimate(Estimate.Status.OK, 0.0, 50, 1.0, -0.2, 0.2)))
                .isEqualTo("{\"status\":\"OK\",\"value\":0.0,\"n\":50,\"pValue\":1.0,\"lower\":-0.2,\"upper\":0.2}");
    }
}

package io.cpa.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccuracyMapCodecTest {

    /** Labels with accuracy ic^1.5 at random ICs on a grid of 0.001. */
    private static List<AccuracyMap.Point> labels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<AccuracyMap.Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ic = Math.round(r.nextDouble() * 1000) / 1000.0;
            boolean correct = r.nextDouble() < Math.pow(ic, 1.5);
            out.add(new AccuracyMap.Point(ic, correct ? 1 : 0, correct ? 0 : 1));
        }
        return out;
    }

    private static void assertSameMap(AccuracyMap decoded, AccuracyMap m) {
        assertThat(decoded.version()).isEqualTo(m.version());
        assertThat(decoded.status()).isEqualTo(m.status());
        assertThat(decoded.reason()).isEqualTo(m.reason());
        assertThat(decoded.method()).isEqualTo(m.method());
        assertThat(decoded.labels()).isEqualTo(m.labels());
        assertThat(decoded.correct()).isEqualTo(m.correct());
        assertThat(decoded.blocks()).isEqualTo(m.blocks());
        if (!m.present()) return;
        for (int i = 0; i <= 1000; i++) {
            double ic = i / 1000.0;
            assertThat(decoded.accuracy(ic)).isEqualTo(m.accuracy(ic));
            assertThat(decoded.standardError(ic)).isEqualTo(m.standardError(ic));
        }
    }

    @Test
    void anIsotonicMapDecodesToTheSameVersionAndTheSameValueAtEveryIc() {
        AccuracyMap m = AccuracyMap.fit(labels(5000, 1));
        assertThat(m.method()).isEqualTo(AccuracyMap.Method.ISOTONIC);
        byte[] bytes = AccuracyMapCodec.encode(m);
        assertSameMap(AccuracyMapCodec.decode(bytes), m);
        // the size the class comment states: about 30 bytes plus at most 36 per block
        assertThat(bytes.length).isLessThanOrEqualTo(30 + 36 * m.blocks().size() + m.version().length());
    }

    @Test
    void aPlattMapDecodesToTheSameVersionAndTheSameValueAtEveryIc() {
        AccuracyMap m = AccuracyMap.fit(labels(120, 2));
        assertThat(m.method()).isEqualTo(AccuracyMap.Method.PLATT);
        assertSameMap(AccuracyMapCodec.decode(AccuracyMapCodec.encode(m)), m);
    }

    @Test
    void anAbsentMapKeepsItsStatusReasonAndCounts() {
        AccuracyMap few = AccuracyMap.fit(labels(7, 3));
        assertSameMap(AccuracyMapCodec.decode(AccuracyMapCodec.encode(few)), few);
        AccuracyMap oneClass = AccuracyMap.fit(List.of(new AccuracyMap.Point(0.4, 30, 0)));
        assertThat(oneClass.status()).isEqualTo(Estimate.Status.UNDEFINED);
        assertSameMap(AccuracyMapCodec.decode(AccuracyMapCodec.encode(oneClass)), oneClass);
    }

    @Test
    void anEstimateThroughTheDecodedMapIsTheEstimateThroughTheMap() {
        AccuracyMap m = AccuracyMap.fit(labels(3000, 4));
        AccuracyMap d = AccuracyMapCodec.decode(AccuracyMapCodec.encode(m));
        AccuracyMap.Estimator a = m.estimator(), b = d.estimator();
        for (int i = 0; i <= 100; i++) {
            a.add(i / 100.0, i % 7 + 1);
            b.add(i / 100.0, i % 7 + 1);
        }
        assertThat(b.result()).isEqualTo(a.result());
    }

    @Test
    void corruptBytesAreRefusedWithAReason() {
        byte[] bytes = AccuracyMapCodec.encode(AccuracyMap.fit(labels(3000, 5)));
        byte[] flipped = bytes.clone();
        flipped[30] ^= 0x10; // inside the first block's lower edge: the parameters no longer give the stored version
        assertThatThrownBy(() -> AccuracyMapCodec.decode(flipped)).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> AccuracyMapCodec.decode(longer)).hasMessageContaining("after the map");
        byte[] format = bytes.clone();
        format[0] = 9;
        assertThatThrownBy(() -> AccuracyMapCodec.decode(format)).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> AccuracyMapCodec.decode(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void theSumsOfTheAnswersAddedBetweenTwoMomentsGiveTheirOwnEstimate() {
        for (AccuracyMap m : List.of(AccuracyMap.fit(labels(3000, 6)), AccuracyMap.fit(labels(100, 7)))) {
            AccuracyMap.Estimator all = m.estimator(), early = m.estimator(), late = m.estimator();
            for (int i = 0; i <= 200; i++) {
                double ic = i / 200.0;
                all.add(ic, 3);
                early.add(ic, 1);
                late.add(ic, 2);
            }
            AccuracyEstimate direct = late.result();
            AccuracyEstimate difference = m.estimate(all.sums().minus(early.sums()));
            assertThat(difference.n()).isEqualTo(direct.n());
            assertThat(difference.value()).isCloseTo(direct.value(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(difference.standardError()).isCloseTo(direct.standardError(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(difference.mapVersion()).isEqualTo(m.version());
        }
    }
}

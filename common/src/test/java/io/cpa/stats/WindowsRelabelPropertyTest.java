package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Labels that arrive later: random interleavings of adds and relabels (of answers in every window, in the time window
 * only, evicted from every count and time window but in since-start, a verdict set, replaced or withdrawn, by any
 * kind), checked after every step against windows built by adding the observations with their final labels up front
 * (equal in every field) and against the from-scratch reference of {@link SeriesWindowsPropertyTest} (1e-9).
 */
class WindowsRelabelPropertyTest {
    private static final WindowsConfig CONFIG = SeriesWindowsPropertyTest.CONFIG;
    private static final long TIME_WINDOW = SeriesWindowsPropertyTest.TIME_WINDOW;

    @Test
    void continuousIcWithLabelsArrivingLate() {
        run(1, 400, false);
    }

    @Test
    void heavyTiesWithLabelsArrivingLate() {
        run(2, 400, true);
    }

    private void run(long seed, int length, boolean ties) {
        SplittableRandom random = new SplittableRandom(seed);
        SeriesWindows windows = new SeriesWindows(CONFIG);
        List<Observation> all = new ArrayList<>();
        long ts = 1_000_000;
        int relabels = 0;
        int heldNowhereButSinceStart = 0;
        for (int i = 0; i < length; i++) {
            ts += random.nextInt(60);
            long eventTime = random.nextInt(10) == 0 ? ts - random.nextInt(300) : ts;
            double ic = ties ? random.nextInt(5) / 4.0 : random.nextDouble();
            double vc = random.nextInt(6) / 5.0;
            Observation o = random.nextInt(25) == 0 ? new Observation(i, eventTime, ic, null, ParseStatus.NONE, null)
                    : random.nextInt(25) == 0 ? new Observation(i, eventTime, null, vc, ParseStatus.OK, null)
                    : Observation.paired(i, eventTime, ic, vc, null);
            o = o.relabelled(randomVerdicts(random, 0.2), LabelKind.DEFAULT_PRECEDENCE); // some come with labels
            assertThat(windows.add(o)).isTrue();
            all.add(o);
            int labels = random.nextInt(3);
            for (int l = 0; l < labels; l++) {
                int at = switch (random.nextInt(4)) {
                    case 0 -> all.size() - 1 - random.nextInt(Math.min(all.size(), 30));    // in every window
                    case 1 -> all.size() - 1 - random.nextInt(Math.min(all.size(), 150));   // in the larger count window
                    default -> random.nextInt(all.size());                                   // any age
                };
                Observation old = all.get(at);
                LabelKind kind = LabelKind.values()[random.nextInt(4)];
                Boolean verdict = random.nextInt(6) == 0 ? null : random.nextBoolean();    // withdrawn, or a verdict
                Observation updated = old.relabelled(old.verdicts().with(kind, verdict), LabelKind.DEFAULT_PRECEDENCE);
                if (at < all.size() - 150 && old.timestampMs() <= maxTs(all) - TIME_WINDOW) heldNowhereButSinceStart++;
                assertThat(windows.relabel(old, updated)).as("since-start holds every answer").isTrue();
                all.set(at, updated);
                relabels++;
            }
            verify(windows, all, i % 50 == 0 || i == length - 1);
        }
        assertThat(relabels).isGreaterThan(length / 2);
        assertThat(heldNowhereButSinceStart).as("relabels of answers only since-start holds").isGreaterThan(30);
    }

    /**
     * Every window equals the windows built by adding {@code all} (the final labels up front), and the count and time
     * windows (since-start too when {@code sinceStart}) the from-scratch reference.
     */
    private static void verify(SeriesWindows windows, List<Observation> all, boolean sinceStart) {
        SeriesWindows upFront = new SeriesWindows(CONFIG);
        for (Observation x : all) upFront.add(x);
        Snapshot snapshot = windows.snapshot();
        assertThat(snapshot).usingRecursiveComparison().isEqualTo(upFront.snapshot());
        for (int size : CONFIG.countSizes()) {
            SeriesWindowsPropertyTest.check(snapshot.window(WindowKind.COUNT, size), all.subList(Math.max(0, all.size() - size), all.size()));
        }
        SeriesWindowsPropertyTest.check(snapshot.window(WindowKind.TIME, TIME_WINDOW), windowed(all, maxTs(all)));
        if (sinceStart) SeriesWindowsPropertyTest.check(snapshot.window(WindowKind.SINCE_START, 0), all);
    }

    /** What the time window holds: arrived inside the horizon of its time and not evicted since. */
    private static List<Observation> windowed(List<Observation> all, long maxTs) {
        List<Observation> out = new ArrayList<>();
        long seenMax = Long.MIN_VALUE;
        for (Observation o : all) {
            seenMax = Math.max(seenMax, o.timestampMs());
            if (o.timestampMs() > seenMax - TIME_WINDOW && o.timestampMs() > maxTs - TIME_WINDOW) out.add(o);
        }
        return out;
    }

    private static long maxTs(List<Observation> all) {
        return all.stream().mapToLong(Observation::timestampMs).max().orElseThrow();
    }

    static Verdicts randomVerdicts(SplittableRandom random, double p) {
        Verdicts v = Verdicts.NONE;
        for (LabelKind k : LabelKind.values()) if (random.nextDouble() < p) v = v.with(k, random.nextBoolean());
        return v;
    }

    /**
     * Gold on every answer and, now and then, a human who disagrees and comes first: gold's calibration is the
     * headline's until the first disagreement, then its own (started from a copy of the headline's), then the
     * headline's again once the disagreement has left the window. Checked after every step as above.
     */
    @Test
    void aKindSharesTheHeadlineCalibrationUntilItDiffers() {
        List<LabelKind> humanFirst = List.of(LabelKind.HUMAN, LabelKind.GOLD);
        SplittableRandom random = new SplittableRandom(7);
        SeriesWindows windows = new SeriesWindows(CONFIG);
        List<Observation> all = new ArrayList<>();
        int disagreements = 0;
        for (int i = 0; i < 300; i++) {
            double ic = random.nextDouble();
            Observation o = Observation.paired(i, 1_000_000 + i * 20L, ic, random.nextInt(6) / 5.0, random.nextDouble() < ic);
            windows.add(o);
            all.add(o);
            if (i % 70 == 50) {
                int at = all.size() - 1 - random.nextInt(10);
                Observation old = all.get(at);
                Observation updated = old.relabelled(old.verdicts().with(LabelKind.HUMAN, !old.correct()), humanFirst);
                assertThat(windows.relabel(old, updated)).isTrue();
                all.set(at, updated);
                disagreements++;
            }
            verify(windows, all, i % 50 == 0);
        }
        assertThat(disagreements).isEqualTo(4);
    }

    @Test
    void anEvictedAnswerIsHeldByNoWindowWithoutSinceStart() {
        SeriesWindows windows = new SeriesWindows(new WindowsConfig(List.of(5), List.of(1000L), false, 5, 10, 20, TaxonomyThresholds.DEFAULT));
        List<Observation> all = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Observation o = Observation.paired(i, i * 1000L, i / 10.0, 0.6, null);
            windows.add(o);
            all.add(o);
        }
        Observation old = all.get(2);
        assertThat(windows.relabel(old, old.relabelled(Verdicts.NONE.with(LabelKind.HUMAN, true), LabelKind.DEFAULT_PRECEDENCE))).isFalse();
        Observation recent = all.get(9);
        Observation labelled = recent.relabelled(Verdicts.NONE.with(LabelKind.HUMAN, true), LabelKind.DEFAULT_PRECEDENCE);
        assertThat(windows.relabel(recent, labelled)).isTrue();
        assertThat(windows.relabel(Observation.paired(11, 11_000, 0.5, 0.6, null), Observation.paired(11, 11_000, 0.5, 0.6, true)))
                .as("a sequence never added").isFalse();
        assertThat(windows.snapshot().window(WindowKind.COUNT, 5).icCalibration().n()).isEqualTo(1);
    }

    @Test
    void aRelabelThatDoesNotMatchTheHeldAnswerIsRefusedAndChangesNothing() {
        SeriesWindows windows = new SeriesWindows(CONFIG);
        for (int i = 1; i <= 20; i++) windows.add(Observation.paired(i, i, i / 20.0, 0.4, i % 2 == 0));
        Snapshot before = windows.snapshot();
        Observation held = Observation.paired(5, 5, 5 / 20.0, 0.4, false);
        assertThatThrownBy(() -> windows.relabel(held, Observation.paired(5, 5, 0.3, 0.4, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the answer of");
        Observation stale = Observation.paired(5, 5, 5 / 20.0, 0.4, true); // the windows hold it as incorrect
        assertThatThrownBy(() -> windows.relabel(stale, Observation.paired(5, 5, 5 / 20.0, 0.4, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the windows hold");
        assertThat(windows.snapshot()).usingRecursiveComparison().isEqualTo(before);
    }
}

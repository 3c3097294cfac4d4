package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import io.cpa.label.LabelKind;
import io.cpa.label.Verdicts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.cpa.stats.BucketResolution.DAY;
import static io.cpa.stats.BucketResolution.HOUR;
import static io.cpa.stats.BucketResolution.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Labels that arrive later, in the time buckets: random adds (in order, out of order, late into closed minutes, hours
 * and days), flushes, crashes with a restart from the store and the log, and relabels of answers of every age (in an
 * open minute; in a stored minute of an open hour; in a stored hour of an open day; in a closed day and the total;
 * past the minute, hour and day retention). After every step since-start, and at checkpoints random ranges and every
 * day, equal the buckets of the answers with their current labels; at the end the store equals, bucket for bucket
 * within retention, the store of a series fed the same answers with their final labels up front.
 */
class BucketsRelabelPropertyTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY_MS = 86_400_000L;

    /** Where a relabelled answer was, as the buckets see it. */
    private enum Place { OPEN_MINUTE, OPEN_HOUR, OPEN_DAY, CLOSED_DAY }

    @Test
    void longRetention() {
        run(1, new BucketRetention(2 * DAY_MS, 5 * DAY_MS, 365 * DAY_MS, 60_000), false);
    }

    /** Days kept two days only: old answers are in the total alone, and relabelled there. */
    @Test
    void shortRetentionAnswersOnlyInTheTotal() {
        run(2, new BucketRetention(2 * HOUR.lengthMs(), DAY_MS + 3_600_000, 2 * DAY_MS, 60_000), true);
    }

    private void run(long seed, BucketRetention retention, boolean expectPastDayRetention) {
        SplittableRandom random = new SplittableRandom(seed);
        MapBucketStore store = new MapBucketStore();
        SeriesBuckets buckets = new SeriesBuckets(retention, store);
        List<Observation> all = new ArrayList<>();
        List<Integer> flushesAfter = new ArrayList<>();
        Map<Place, Integer> places = new EnumMap<>(Place.class);
        int pastMinuteRetention = 0;
        int pastDayRetention = 0;
        long ts = T0;
        for (int i = 1; i <= 25_000; i++) {
            ts += random.nextInt(40_000);
            long eventTime = switch (random.nextInt(40)) {
                case 0 -> ts - random.nextInt(50_000);
                case 1 -> ts - random.nextLong(3 * DAY_MS);
                default -> ts;
            };
            double ic = random.nextInt(3) == 0 ? random.nextInt(11) / 10.0 : random.nextDouble();
            Observation o = random.nextInt(20) == 0 ? new Observation(i, eventTime, null, 0.4, ParseStatus.OK, null)
                    : random.nextInt(20) == 0 ? new Observation(i, eventTime, ic, null, ParseStatus.REFUSED, null)
                    : Observation.paired(i, eventTime, ic, random.nextInt(6) / 5.0, null);
            o = o.relabelled(WindowsRelabelPropertyTest.randomVerdicts(random, 0.1), LabelKind.DEFAULT_PRECEDENCE);
            assertThat(buckets.add(o)).isTrue();
            all.add(o);
            for (int l = random.nextInt(3); l > 0; l--) {
                int at = switch (random.nextInt(5)) {
                    case 0 -> all.size() - 1 - random.nextInt(Math.min(all.size(), 3));      // an open minute, mostly
                    case 1 -> all.size() - 1 - random.nextInt(Math.min(all.size(), 100));    // a stored minute, open hour
                    case 2 -> all.size() - 1 - random.nextInt(Math.min(all.size(), 3000));   // a closed hour, open day
                    default -> random.nextInt(all.size());                                    // any age
                };
                Observation old = all.get(at);
                Observation updated = old.relabelled(old.verdicts().with(LabelKind.values()[random.nextInt(4)],
                        random.nextInt(8) == 0 ? null : random.nextBoolean()), LabelKind.DEFAULT_PRECEDENCE);
                if (BucketCell.of(old) != BucketCell.of(updated)) {
                    long max = buckets.maxTimestampMs();
                    long t = Math.max(0, old.timestampMs());
                    Place place = !closed(MINUTE, t, max, retention) ? Place.OPEN_MINUTE : !closed(HOUR, t, max, retention) ? Place.OPEN_HOUR
                            : !closed(DAY, t, max, retention) ? Place.OPEN_DAY : Place.CLOSED_DAY;
                    places.merge(place, 1, Integer::sum);
                    if (MINUTE.floor(t) < MINUTE.floor(max - retention.minutesMs())) pastMinuteRetention++;
                    if (DAY.floor(t) < DAY.floor(max - retention.daysMs())) pastDayRetention++;
                }
                assertThat(buckets.relabel(old, updated)).isTrue();
                all.set(at, updated);
            }
            if (random.nextInt(300) == 0) {
                buckets.flush();
                flushesAfter.add(i);
            }
            if (random.nextInt(1500) == 0) {
                buckets = new SeriesBuckets(retention, store); // a crash; the log gives back what came after the position
                long from = buckets.flushedSequence();
                for (Observation again : all) if (again.sequence() > from) buckets.add(again);
            }
            if (i < 1000 || i % 25 == 0) {
                assertThat(buckets.sinceStart()).isEqualTo(SeriesBucketsTest.bucketOf(all, Long.MIN_VALUE, Long.MAX_VALUE));
            }
            if (i % 2500 == 0) checkRanges(random, store, retention, buckets, all);
        }
        assertThat(places.keySet()).as("relabels in every place: %s", places).containsExactlyInAnyOrder(Place.values());
        for (int count : places.values()) assertThat(count).as("%s", places).isGreaterThan(20);
        assertThat(pastMinuteRetention).isGreaterThan(20);
        if (expectPastDayRetention) assertThat(pastDayRetention).isGreaterThan(20);
        buckets.flush();

        MapBucketStore upFrontStore = new MapBucketStore();
        SeriesBuckets upFront = new SeriesBuckets(retention, upFrontStore);
        for (Observation o : all) upFront.add(o);
        upFront.flush();
        assertThat(upFront.sinceStart()).isEqualTo(buckets.sinceStart());
        assertThat(store.position()).isEqualTo(upFrontStore.position());
        assertThat(store.total()).isEqualTo(upFrontStore.total());
        long maxTs = buckets.maxTimestampMs();
        for (BucketResolution r : BucketResolution.values()) {
            long horizon = r.floor(maxTs - retention.of(r));
            assertThat(retained(store, r, horizon)).as("%s buckets", r).isEqualTo(retained(upFrontStore, r, horizon));
        }
        assertThat(flushesAfter).isNotEmpty();
    }

    private static boolean closed(BucketResolution r, long t, long maxTs, BucketRetention retention) {
        return r.floor(t) + r.lengthMs() + retention.graceMs() <= maxTs;
    }

    /** The buckets a reader may use: those within retention (older ones are deleted at the next close). */
    private static TreeMap<Long, Bucket> retained(MapBucketStore store, BucketResolution r, long horizon) {
        TreeMap<Long, Bucket> out = new TreeMap<>();
        store.buckets.get(r).tailMap(horizon).forEach((start, bytes) -> out.put(start, BucketCodec.decode(bytes)));
        return out;
    }

    private static void checkRanges(SplittableRandom random, MapBucketStore store, BucketRetention retention,
                                    SeriesBuckets buckets, List<Observation> all) {
        buckets.flush();
        long maxTs = buckets.maxTimestampMs();
        for (int k = 0; k < 6; k++) {
            long to = maxTs - random.nextLong(3 * DAY_MS);
            long from = to - 1 - random.nextLong(k == 0 ? 3_600_000 : 4 * DAY_MS);
            BucketRanges.Range r = BucketRanges.of(store, retention, from, to);
            assertThat(r.bucket()).as("range [%d, %d) covering [%d, %d)", from, to, r.fromMs(), r.toMs())
                    .isEqualTo(SeriesBucketsTest.bucketOf(all, r.fromMs(), r.toMs()));
        }
        for (BucketRanges.Range d : BucketRanges.daily(store, retention, maxTs, 12)) {
            assertThat(d.bucket()).isEqualTo(SeriesBucketsTest.bucketOf(all, d.fromMs(), d.toMs()));
        }
    }

    @Test
    void aRelabelOfAnAnswerTheBucketsDoNotHoldIsRefusedAndChangesNothing() {
        MapBucketStore store = new MapBucketStore();
        SeriesBuckets buckets = new SeriesBuckets(BucketRetention.DEFAULT, store);
        List<Observation> all = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            Observation o = Observation.paired(i, T0 + i * 20_000L, 0.5, 0.6, null);
            buckets.add(o);
            all.add(o);
        }
        buckets.flush();
        Bucket before = buckets.sinceStart();
        long writes = store.writes;
        Observation old = all.get(10); // in a stored minute of an open hour
        Observation notHeld = old.relabelled(Verdicts.gold(false), LabelKind.DEFAULT_PRECEDENCE); // held as unlabelled
        assertThatThrownBy(() -> buckets.relabel(notHeld, old.relabelled(Verdicts.gold(true), LabelKind.DEFAULT_PRECEDENCE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no observation in cell");
        assertThat(buckets.sinceStart()).isEqualTo(before);
        assertThat(store.writes).isEqualTo(writes);
        assertThatThrownBy(() -> buckets.relabel(old, Observation.paired(11, old.timestampMs(), 0.7, 0.6, true)))
                .hasMessageContaining("is not the answer of");
        Observation future = Observation.paired(301, T0 + 301 * 20_000L, 0.5, 0.6, null);
        assertThat(buckets.relabel(future, future.relabelled(Verdicts.gold(true), LabelKind.DEFAULT_PRECEDENCE))).isFalse();
        assertThat(buckets.relabel(old, old.relabelled(Verdicts.gold(true), LabelKind.DEFAULT_PRECEDENCE))).isTrue();
        assertThat(BucketStats.of(buckets.sinceStart(), WindowsConfig.DEFAULT, WindowKind.SINCE_START, 0).icCalibration().n()).isEqualTo(1);
    }
}

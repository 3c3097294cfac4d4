package io.cpa.stats;

import io.cpa.certainty.ParseStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roll-up against a direct count: after every step, since-start is the bucket of every observation, and any range
 * is the bucket of exactly the observations whose event time lies in the stretch it says it covers. Event times span
 * ten days with out-of-order and late observations; the series restarts from its store (plus the observations after
 * the store's position, as the service's log keeps them) at random points.
 */
class SeriesBucketsTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_700_000_000_000L;
    private static final BucketRetention RETENTION = new BucketRetention(2 * DAY, 5 * DAY, 365 * DAY, 60_000);

    @Test
    void rollUpRangesAndRestartsAgreeWithADirectCount() {
        SplittableRandom random = new SplittableRandom(5);
        MapBucketStore store = new MapBucketStore();
        SeriesBuckets buckets = new SeriesBuckets(RETENTION, store);
        List<Observation> all = new ArrayList<>();
        long ts = T0;
        int restarts = 0;
        for (int i = 1; i <= 60_000; i++) {
            ts += random.nextInt(30_000);
            long eventTime = switch (random.nextInt(50)) {
                case 0 -> ts - random.nextInt(50_000);              // out of order within the grace, mostly
                case 1 -> ts - random.nextLong(2 * DAY);            // late: into closed minutes, hours, days
                default -> ts;
            };
            Observation o = random.nextInt(20) == 0 ? new Observation(i, eventTime, null, 0.4, ParseStatus.OK, null)
                    : random.nextInt(20) == 0 ? new Observation(i, eventTime, random.nextDouble(), null, ParseStatus.REFUSED, true)
                    : Observation.paired(i, eventTime, random.nextDouble(), random.nextInt(6) / 5.0, random.nextBoolean());
            assertThat(buckets.add(o)).isTrue();
            assertThat(buckets.add(o)).as("a repeated sequence is ignored").isFalse();
            all.add(o);
            if (random.nextInt(300) == 0) buckets.flush();
            if (random.nextInt(2000) == 0) {
                // a crash: what is not in the store is lost; the log gives back what came after its position
                buckets = new SeriesBuckets(RETENTION, store);
                long from = buckets.flushedSequence();
                for (Observation again : all) if (again.sequence() > from) buckets.add(again);
                restarts++;
            }
            if (i % 5000 == 0) {
                assertThat(buckets.sinceStart()).isEqualTo(bucketOf(all, Long.MIN_VALUE, Long.MAX_VALUE));
                buckets.flush();
                checkRandomRanges(random, store, RETENTION, buckets.maxTimestampMs(), all, 5);
            }
        }
        assertThat(restarts).isPositive();
        long maxTs = buckets.maxTimestampMs();
        assertThat(store.buckets.get(BucketResolution.MINUTE).firstKey()).isGreaterThanOrEqualTo(maxTs - RETENTION.minutesMs() - 60_000);
        assertThat(store.buckets.get(BucketResolution.HOUR).firstKey()).isGreaterThanOrEqualTo(maxTs - RETENTION.hoursMs() - 3_600_000);
        List<BucketRanges.Range> days = BucketRanges.daily(store, RETENTION, maxTs, 15);
        assertThat(days).hasSize(15);
        long n = 0;
        for (BucketRanges.Range d : days) {
            assertThat(d.bucket()).isEqualTo(bucketOf(all, d.fromMs(), d.toMs()));
            n += d.bucket().n();
        }
        assertThat(n).as("the days hold every observation").isEqualTo(all.size());
    }

    @Test
    void memoryIsBoundedByCellsNotAnswers() {
        MapBucketStore store = new MapBucketStore();
        SeriesBuckets buckets = new SeriesBuckets(BucketRetention.DEFAULT, store);
        SplittableRandom random = new SplittableRandom(9);
        long cellsAt200k = 0;
        for (int i = 1; i <= 600_000; i++) {
            // two decimals of IC: few cells, so the total stops growing while the answers do not
            buckets.add(Observation.paired(i, T0 + i * 1000L, random.nextInt(101) / 100.0, random.nextInt(6) / 5.0, random.nextBoolean()));
            if (i == 200_000) cellsAt200k = buckets.cellsInMemory();
        }
        assertThat(buckets.cellsInMemory()).isLessThanOrEqualTo(cellsAt200k + 101 * 6 * 2 * 3);
        assertThat(buckets.sinceStart().n()).isEqualTo(600_000);
    }

    /**
     * Random ranges ending up to three days before {@code maxTs}, the first within an hour: each is the bucket of exactly
     * the observations in the stretch it reports, which lies inside the range asked (to the end of its last minute),
     * and inside the minute retention is exact to the minute.
     */
    static void checkRandomRanges(SplittableRandom random, BucketStore store, BucketRetention retention, long maxTs,
                                  List<Observation> all, int ranges) {
        for (int k = 0; k < ranges; k++) {
            long to = maxTs - random.nextLong(3 * DAY);
            long from = to - 1 - random.nextLong(k == 0 ? 3_600_000 : 4 * DAY);
            BucketRanges.Range r = BucketRanges.of(store, retention, from, to);
            assertThat(r.bucket()).as("range [%d, %d) covering [%d, %d)", from, to, r.fromMs(), r.toMs())
                    .isEqualTo(bucketOf(all, r.fromMs(), r.toMs()));
            assertThat(r.fromMs()).as("covers nothing before the range").isGreaterThanOrEqualTo(from);
            assertThat(r.toMs()).as("covers at most to the end of the minute holding its end").isLessThanOrEqualTo(BucketResolution.MINUTE.ceil(to));
            if (from > maxTs - retention.minutesMs() + 60_000) {
                assertThat(r.fromMs()).as("inside the minute retention a range is exact to the minute").isEqualTo(BucketResolution.MINUTE.ceil(from));
                assertThat(r.toMs()).isEqualTo(BucketResolution.MINUTE.ceil(to));
            }
        }
    }

    static Bucket bucketOf(List<Observation> all, long fromMs, long toMs) {
        Bucket.Builder b = new Bucket.Builder();
        for (Observation o : all) {
            long ts = Math.max(0, o.timestampMs());
            if (ts >= fromMs && ts < toMs) b.add(o);
        }
        return b.build();
    }
}

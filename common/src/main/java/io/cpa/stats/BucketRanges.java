package io.cpa.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.cpa.stats.BucketResolution.DAY;
import static io.cpa.stats.BucketResolution.HOUR;
import static io.cpa.stats.BucketResolution.MINUTE;

/**
 * Any stretch of a series' event time as a merge of its stored buckets, coarsest first: the days that lie wholly in
 * the range, then the hours wholly in it outside those days, then the minutes that start in it outside those hours
 * (so a range ending now includes the minute now running). Where the finer buckets are past their retention the
 * range is covered by what is left, and the answer says which stretch that is; a range cannot start before the day
 * retention.
 */
public final class BucketRanges {
    private BucketRanges() {}

    /**
     * @param fromMs  start of the stretch the merged buckets cover completely
     * @param toMs    its end (fromMs when the retained buckets cannot cover any of the range)
     * @param buckets how many buckets were merged
     */
    public record Range(long fromMs, long toMs, int buckets, Bucket bucket) {}

    /**
     * The merge of the buckets covering [fromMs, toMs), with the stretch it speaks for: the requested range narrowed
     * at its ends to what the retained buckets can cover completely (an end inside a day whose hours are gone moves
     * to the day's edge, an end inside an hour whose minutes are gone to the hour's edge) and its end widened to the
     * end of the minute holding it, so that a range ending now includes the running minute.
     */
    public static Range of(BucketStore store, BucketRetention retention, long fromMs, long toMs) {
        if (toMs <= fromMs) throw new IllegalArgumentException("range end " + toMs + " is not after its start " + fromMs);
        BucketStore.Position position = store.position();
        if (position == null) return new Range(fromMs, toMs, 0, Bucket.EMPTY);
        long maxTs = position.maxTimestampMs();
        long minuteHorizon = MINUTE.floor(maxTs - retention.minutesMs());
        long hourHorizon = HOUR.floor(maxTs - retention.hoursMs());
        long from = MINUTE.ceil(fromMs);
        if (from < minuteHorizon) from = HOUR.ceil(from);
        if (from < hourHorizon) from = DAY.ceil(from);
        from = Math.max(from, DAY.floor(maxTs - retention.daysMs())); // older days are deleted: only the total has them
        long to = MINUTE.ceil(toMs);
        if (HOUR.floor(to - 1) < minuteHorizon) to = HOUR.floor(to);
        if (DAY.floor(to - 1) < hourHorizon) to = DAY.floor(to);
        if (to <= from) return new Range(fromMs, fromMs, 0, Bucket.EMPTY);
        long end = to;
        List<Bucket> parts = new ArrayList<>();
        Set<Long> days = new HashSet<>();
        Set<Long> hours = new HashSet<>();
        store.scan(DAY, DAY.ceil(from), end, (start, bytes) -> {
            if (start + DAY.lengthMs() > end) return;
            days.add(start);
            parts.add(BucketCodec.decode(bytes));
        });
        store.scan(HOUR, HOUR.ceil(from), end, (start, bytes) -> {
            if (start + HOUR.lengthMs() > end || days.contains(DAY.floor(start))) return;
            hours.add(start);
            parts.add(BucketCodec.decode(bytes));
        });
        store.scan(MINUTE, from, end, (start, bytes) -> {
            if (hours.contains(HOUR.floor(start)) || days.contains(DAY.floor(start))) return;
            parts.add(BucketCodec.decode(bytes));
        });
        return new Range(from, to, parts.size(), Bucket.mergeAll(parts));
    }

    /** One range per UTC day, oldest first: {@code days} days ending with the day that holds {@code lastMs}. */
    public static List<Range> daily(BucketStore store, BucketRetention retention, long lastMs, int days) {
        List<Range> out = new ArrayList<>();
        long last = DAY.floor(lastMs);
        for (long d = last - (days - 1) * DAY.lengthMs(); d <= last; d += DAY.lengthMs()) {
            out.add(of(store, retention, d, d + DAY.lengthMs()));
        }
        return out;
    }
}

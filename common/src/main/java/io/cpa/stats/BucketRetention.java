package io.cpa.stats;

/**
 * How long each resolution of bucket is kept, by event time behind the latest event of the series, and how long a
 * bucket stays open for late observations.
 *
 * @param minutesMs minute buckets (e.g. 2 days): ranges ending in this span are exact to the minute
 * @param hoursMs   hour buckets (e.g. 90 days)
 * @param daysMs    day buckets (e.g. 5 years)
 * @param graceMs   a bucket is closed (rolled up) once the latest event time has passed its end by this much; an
 *                  observation older than that still counts (its stored buckets are updated), it only costs a write
 */
public record BucketRetention(long minutesMs, long hoursMs, long daysMs, long graceMs) {
    public static final BucketRetention DEFAULT = new BucketRetention(2 * 86_400_000L, 90 * 86_400_000L, 5 * 366 * 86_400_000L, 60_000L);

    public BucketRetention {
        if (graceMs < 0) throw new IllegalArgumentException("bucket grace is negative: " + graceMs);
        if (minutesMs < BucketResolution.HOUR.lengthMs() + graceMs) {
            throw new IllegalArgumentException("minute buckets must be kept at least an hour plus the grace: " + minutesMs + " ms");
        }
        if (hoursMs < BucketResolution.DAY.lengthMs() + graceMs) {
            throw new IllegalArgumentException("hour buckets must be kept at least a day plus the grace: " + hoursMs + " ms");
        }
        if (daysMs < BucketResolution.DAY.lengthMs()) throw new IllegalArgumentException("day buckets must be kept at least a day: " + daysMs + " ms");
    }

    long of(BucketResolution r) {
        return switch (r) {
            case MINUTE -> minutesMs;
            case HOUR -> hoursMs;
            case DAY -> daysMs;
        };
    }
}

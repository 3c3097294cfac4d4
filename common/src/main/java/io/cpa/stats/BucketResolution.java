package io.cpa.stats;

/** The time buckets of a series, aligned on the epoch (UTC): minutes roll up into hours, hours into days. */
public enum BucketResolution {
    MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L);

    private final long lengthMs;

    BucketResolution(long lengthMs) {
        this.lengthMs = lengthMs;
    }

    public long lengthMs() {
        return lengthMs;
    }

    /** Start of the bucket holding {@code ms}. */
    public long floor(long ms) {
        return Math.floorDiv(ms, lengthMs) * lengthMs;
    }

    /** The first bucket start at or after {@code ms}. */
    public long ceil(long ms) {
        return -Math.floorDiv(-ms, lengthMs) * lengthMs;
    }
}

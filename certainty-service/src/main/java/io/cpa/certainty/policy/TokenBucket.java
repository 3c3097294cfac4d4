package io.cpa.certainty.policy;

import java.util.function.LongSupplier;

/**
 * A token bucket refilled continuously at {@code perMinute} per minute, holding at most {@code perMinute}.
 * {@link #tryTake} takes only while more than {@code keep} remains afterwards (a reserve for higher priorities);
 * {@link #adjust} settles an estimate against the actual use and may drive the level below zero (a debt that later
 * refills repay), so an underestimate is never free. Thread-safe; the clock is injectable.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private double level;
    private long last;

    public TokenBucket(long perMinute, LongSupplier nanoClock) {
        if (perMinute < 1) throw new IllegalArgumentException("perMinute must be at least 1: " + perMinute);
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.nanoClock = nanoClock;
        this.level = perMinute;
        this.last = nanoClock.getAsLong();
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        level = Math.min(capacity, level + (now - last) * perNano);
        last = now;
    }

    /** Takes {@code amount} when at least {@code keep} would be left; false (and nothing taken) otherwise. */
    public synchronized boolean tryTake(double amount, double keep) {
        refill();
        if (level - amount < keep) return false;
        level -= amount;
        return true;
    }

    /** Takes {@code amount} (positive) or gives back {@code -amount}, without a floor. */
    public synchronized void adjust(double amount) {
        refill();
        level = Math.min(capacity, level - amount);
    }

    public synchronized double level() {
        refill();
        return level;
    }

    public double capacity() {
        return capacity;
    }
}

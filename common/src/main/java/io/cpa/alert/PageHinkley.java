package io.cpa.alert;

/**
 * Two-sided Page-Hinkley test for a change of the mean of a sequence of standardised values (unit variance when
 * nothing changes). Immutable: {@link #update} returns the next state.
 *
 * <p>With x̄ the running mean including the current value, the increase statistic is
 * {@code U_t = sum (x_i - x̄_i - delta)} and the decrease statistic {@code D_t = sum (x_i - x̄_i + delta)}; an increase is
 * signalled when {@code U_t - min U > lambda}, a decrease when {@code max D - D_t > lambda}. {@code delta} is the drift
 * tolerated per step and {@code lambda} the evidence needed, both in standard deviations of x. A shift of s standard
 * deviations (s well above delta) is signalled after roughly {@code lambda / (s - delta)} steps; with no shift, the
 * statistic behaves like a CUSUM with reference delta and threshold lambda, whose mean run length to a false alarm
 * grows exponentially in lambda (for delta 0.5 and lambda 10: far beyond 10^5 steps).
 *
 * @param count   values seen since the last reset
 * @param mean    their mean
 * @param up      U_t
 * @param upMin   min over t of U_t
 * @param down    D_t
 * @param downMax max over t of D_t
 */
public record PageHinkley(long count, double mean, double up, double upMin, double down, double downMax) {
    public enum Change { NONE, INCREASE, DECREASE }

    public static final PageHinkley EMPTY = new PageHinkley(0, 0, 0, 0, 0, 0);

    public PageHinkley update(double x, double delta) {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("Page-Hinkley value is not finite: " + x);
        long c = count + 1;
        double m = mean + (x - mean) / c;
        double u = up + x - m - delta;
        double d = down + x - m + delta;
        return new PageHinkley(c, m, u, Math.min(upMin, u), d, Math.max(downMax, d));
    }

    /** The change signalled by the current state; NONE before {@code minSamples} values. */
    public Change change(double lambda, int minSamples) {
        if (count < minSamples) return Change.NONE;
        if (downMax - down > lambda) return Change.DECREASE;
        if (up - upMin > lambda) return Change.INCREASE;
        return Change.NONE;
    }
}

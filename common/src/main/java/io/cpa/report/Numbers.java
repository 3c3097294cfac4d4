package io.cpa.report;

import java.util.Locale;

/** How reports print numbers: fixed decimals for rho and intervals, two significant digits for p-values. */
final class Numbers {
    private Numbers() {}

    static String fixed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.0*") ? s.substring(1) : s; // no "-0.000"
    }

    /** Two significant digits, scientific below 1e-4; a p-value that underflowed to 0 is printed as a bound, never as 0. */
    static String pValue(double p) {
        if (p == 0) return "<1e-300";
        return String.format(Locale.ROOT, "%.2g", p);
    }

    /** 0.2, 1.0, 0.75: as short as the value allows. */
    static String temperature(double t) {
        return Double.toString(t);
    }
}

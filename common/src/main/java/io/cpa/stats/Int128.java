package io.cpa.stats;

import java.math.BigInteger;

/**
 * A mutable signed 128-bit integer accumulator. Sums of cubic size (doubled-rank products, tie totals, squared
 * fixed-point confidences) outgrow a {@code long} near a million observations; two's-complement addition on two
 * longs keeps them exact for any realistic stream at the cost of one carry test per addition.
 */
final class Int128 {
    private long hi;
    private long lo;

    Int128 copy() {
        Int128 c = new Int128();
        c.hi = hi;
        c.lo = lo;
        return c;
    }

    void add(long d) {
        long sum = lo + d;
        hi += (d >> 63) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        lo = sum;
    }

    void subtract(long d) {
        long diff = lo - d;
        hi -= (d >> 63) + (Long.compareUnsigned(lo, d) < 0 ? 1 : 0);
        lo = diff;
    }

    /** this += a * b, exactly. */
    void addProduct(long a, long b) {
        long pl = a * b;
        long ph = Math.multiplyHigh(a, b);
        long sum = lo + pl;
        hi += ph + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        lo = sum;
    }

    /** this -= a * b, exactly. */
    void subtractProduct(long a, long b) {
        long pl = a * b;
        long ph = Math.multiplyHigh(a, b);
        long diff = lo - pl;
        hi -= ph + (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
        lo = diff;
    }

    BigInteger toBigInteger() {
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    boolean isZero() {
        return hi == 0 && lo == 0;
    }
}

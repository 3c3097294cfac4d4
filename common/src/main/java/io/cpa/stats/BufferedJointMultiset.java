package io.cpa.stats;

import java.util.Arrays;

/**
 * A sorted multiset of (IC, VC code) pairs, read in order only at a snapshot ({@link RankPass}) and changed on every
 * update: the distinct pairs and their counts are sorted arrays, ordered by IC first ({@link Double#compare} order, as
 * {@link CountBTree#sortable} longs) and by code within equal IC; additions and removals are appended to a buffer that
 * is sorted and merged in when the multiset is read, or when the buffer grows past max(64, distinct pairs).
 *
 * <p>Why not a tree: the rank statistics need the pairs in order once per snapshot (every 50 answers or so), never a
 * rank per update, so a search tree paid a descent of cache misses on every update for an order nobody read until
 * the snapshot. Here an update is an append, O(1); a merge is O(d + p log p) for d distinct pairs and p buffered
 * changes and happens at most once per max(64, d) changes, so its cost per change is O(log p), and it reads and
 * writes the arrays sequentially, which a snapshot's in-order walk of a tree did not.
 *
 * <p>A removed pair that is not held is found at the next merge, which throws. The sorted arrays depend on the
 * multiset only, whatever the order of the changes. Counts are ints per change and longs per pair; the size is checked
 * below 2^31.
 *
 * <p>Memory: 20 bytes per distinct pair twice (the arrays and the merge's target, swapped), and the buffer, 12 bytes
 * per pending change and as much again for the sort's scratch, at most max(64, d) changes, and, once 1,024 changes
 * were sorted at a time, the radix sort's histograms (56 KiB): all bounded by the window.
 */
final class BufferedJointMultiset {
    private static final int MIN_BUFFER = 64;
    /** The largest VC code: a change (code and add bit) is one 11-bit digit of the radix sort. */
    static final int MAX_CODE = 1023;
    private static final int DIGIT = 11;
    private static final int BUCKETS = 1 << DIGIT;
    private static final int DIGITS = 7; // the change, then the IC's 64 bits in six
    /** Below this many pending changes the merge sort is cheaper than clearing the radix sort's histograms. */
    private static final int RADIX_FROM = 1024;
    private int[] histograms; // DIGITS x BUCKETS, allocated at the first radix sort
    private long[] xs = new long[16];
    private int[] codes = new int[16];
    private long[] counts = new long[16];
    private long[] nextXs = new long[16];
    private int[] nextCodes = new int[16];
    private long[] nextCounts = new long[16];
    private int distinct;
    // pending changes: the pair's IC, and its code shifted left by one with the low bit set for an addition
    private long[] pendingX = new long[MIN_BUFFER];
    private int[] pendingCode = new int[MIN_BUFFER];
    private long[] scratchX = new long[MIN_BUFFER];
    private int[] scratchCode = new int[MIN_BUFFER];
    private int pending;
    private long size;

    long size() {
        return size;
    }

    void add(double x, int code) {
        if (size >= Integer.MAX_VALUE - 1) throw new IllegalStateException("a window holds fewer than 2^31 points");
        checkCode(code);
        append(CountBTree.sortable(x), code << 1 | 1);
        size++;
    }

    /** Removes one point; a point that is not held is found at the next merge, which throws. */
    void remove(double x, int code) {
        checkCode(code);
        append(CountBTree.sortable(x), code << 1);
        size--;
    }

    private static void checkCode(int code) {
        if (code < 0 || code > MAX_CODE) throw new IllegalArgumentException("VC code outside 0.." + MAX_CODE + ": " + code);
    }

    private void append(long x, int change) {
        if (pending == pendingX.length) {
            pendingX = Arrays.copyOf(pendingX, pending * 2);
            pendingCode = Arrays.copyOf(pendingCode, pending * 2);
        }
        pendingX[pending] = x;
        pendingCode[pending++] = change;
        if (pending > Math.max(MIN_BUFFER, distinct)) merge();
    }

    /** The number of distinct pairs after merging the buffer: call before reading {@link #xs()} and the others. */
    int sorted() {
        if (pending > 0) merge();
        return distinct;
    }

    /** The IC keys (sortable longs; equal longs are equal ICs) of the distinct pairs in order, {@link #sorted()} of them. */
    long[] xs() {
        return xs;
    }

    /** The VC code of each distinct pair, ascending within equal IC. */
    int[] codes() {
        return codes;
    }

    /** The points per distinct pair, each positive. */
    long[] counts() {
        return counts;
    }

    private void merge() {
        sortPending();
        int capacity = distinct + pending;
        if (nextXs.length < capacity) {
            int n = Math.max(capacity, nextXs.length * 2);
            nextXs = new long[n];
            nextCodes = new int[n];
            nextCounts = new long[n];
        }
        int m = 0;
        int i = 0;
        int p = 0;
        while (i < distinct || p < pending) {
            long x;
            int code;
            if (p >= pending || i < distinct && (xs[i] < pendingX[p] || xs[i] == pendingX[p] && codes[i] <= pendingCode[p] >> 1)) {
                x = xs[i];
                code = codes[i];
            } else {
                x = pendingX[p];
                code = pendingCode[p] >> 1;
            }
            long count = 0;
            if (i < distinct && xs[i] == x && codes[i] == code) count += counts[i++];
            while (p < pending && pendingX[p] == x && pendingCode[p] >> 1 == code) {
                count += (pendingCode[p] & 1) == 1 ? 1 : -1;
                p++;
            }
            if (count < 0) throw missing(x, code);
            if (count == 0) continue;
            nextXs[m] = x;
            nextCodes[m] = code;
            nextCounts[m++] = count;
        }
        long[] x = xs;
        int[] c = codes;
        long[] k = counts;
        xs = nextXs;
        codes = nextCodes;
        counts = nextCounts;
        nextXs = x;
        nextCodes = c;
        nextCounts = k;
        distinct = m;
        pending = 0;
    }

    private static IllegalStateException missing(long x, int code) {
        return new IllegalStateException("point removed that the window does not hold: IC " + CountBTree.unsortable(x) + ", VC code " + code);
    }

    /**
     * Sorts the pending changes by (IC, change): a radix sort when there are many (see {@link #radixSortPending}), else a bottom-up merge sort of the two parallel arrays (no boxing, and
     * O(p log p) whatever the order in which the ICs arrived), runs of 16 sorted by insertion first.
     */
    private void sortPending() {
        int n = pending;
        if (scratchX.length < n) {
            scratchX = new long[pendingX.length];
            scratchCode = new int[pendingX.length];
        }
        if (n >= RADIX_FROM) {
            radixSortPending(n);
            return;
        }
        for (int lo = 0; lo < n; lo += 16) {
            int hi = Math.min(lo + 16, n);
            for (int j = lo + 1; j < hi; j++) {
                long x = pendingX[j];
                int c = pendingCode[j];
                int k = j - 1;
                while (k >= lo && (pendingX[k] > x || pendingX[k] == x && pendingCode[k] > c)) {
                    pendingX[k + 1] = pendingX[k];
                    pendingCode[k + 1] = pendingCode[k];
                    k--;
                }
                pendingX[k + 1] = x;
                pendingCode[k + 1] = c;
            }
        }
        long[] fromX = pendingX;
        int[] fromCode = pendingCode;
        long[] toX = scratchX;
        int[] toCode = scratchCode;
        for (int width = 16; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                for (int t = lo; t < hi; t++) {
                    if (b >= hi || a < mid && (fromX[a] < fromX[b] || fromX[a] == fromX[b] && fromCode[a] <= fromCode[b])) {
                        toX[t] = fromX[a];
                        toCode[t] = fromCode[a++];
                    } else {
                        toX[t] = fromX[b];
                        toCode[t] = fromCode[b++];
                    }
                }
            }
            long[] sx = fromX;
            int[] sc = fromCode;
            fromX = toX;
            fromCode = toCode;
            toX = sx;
            toCode = sc;
        }
        // the sorted run is in from*: make it the pending arrays, the other pair the scratch
        pendingX = fromX;
        pendingCode = fromCode;
        scratchX = toX;
        scratchCode = toCode;
    }

    /**
     * A least-significant-digit radix sort of the pending changes by (IC, change), in 11-bit digits: the change first,
     * then the IC's sortable long (its sign bit flipped, so that unsigned digit order is signed order) from the low
     * digit up, each pass stable; a digit that every change shares is skipped. All histograms come from one read.
     * Why: the comparison sort's branches are unpredictable on random ICs, and it was the largest cost of an update
     * at N = 10,000 (about 60 ns per change against about 13 here).
     */
    private void radixSortPending(int n) {
        if (histograms == null) histograms = new int[DIGITS * BUCKETS];
        int[] h = histograms;
        Arrays.fill(h, 0);
        for (int i = 0; i < n; i++) {
            long x = pendingX[i] ^ Long.MIN_VALUE;
            h[pendingCode[i]]++;
            for (int d = 1; d < DIGITS; d++) h[d * BUCKETS + ((int) (x >>> (DIGIT * (d - 1))) & (BUCKETS - 1))]++;
        }
        long[] fromX = pendingX;
        int[] fromCode = pendingCode;
        long[] toX = scratchX;
        int[] toCode = scratchCode;
        for (int d = 0; d < DIGITS; d++) {
            int offset = d * BUCKETS;
            boolean shared = false;
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int count = h[offset + b];
                shared |= count == n;
                h[offset + b] = sum;
                sum += count;
            }
            if (shared) continue;
            if (d == 0) {
                for (int i = 0; i < n; i++) {
                    int t = h[fromCode[i]]++;
                    toX[t] = fromX[i];
                    toCode[t] = fromCode[i];
                }
            } else {
                int shift = DIGIT * (d - 1);
                for (int i = 0; i < n; i++) {
                    int t = h[offset + ((int) ((fromX[i] ^ Long.MIN_VALUE) >>> shift) & (BUCKETS - 1))]++;
                    toX[t] = fromX[i];
                    toCode[t] = fromCode[i];
                }
            }
            long[] sx = fromX;
            int[] sc = fromCode;
            fromX = toX;
            fromCode = toCode;
            toX = sx;
            toCode = sc;
        }
        pendingX = fromX;
        pendingCode = fromCode;
        scratchX = toX;
        scratchCode = toCode;
    }
}

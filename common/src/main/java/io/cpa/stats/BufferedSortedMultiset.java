package io.cpa.stats;

import java.util.Arrays;

/**
 * A multiset of doubles read in ascending order only now and then (at a snapshot) but changed on every update: the
 * distinct values and their counts are a sorted array, and additions and removals are appended to a buffer that is
 * sorted and merged in when the multiset is read, or when the buffer grows past max(64, distinct values). An update
 * is then an append, O(1); a merge is O(d + p log p) for d distinct values and p buffered changes, and happens at most
 * once per max(64, d) changes, so its cost per change is O(log p).
 *
 * <p>Why not a tree: the window reads this once per snapshot (every 50 answers or so) and a treap costs a descent of
 * cache misses on every update, which measurably slowed the update of a window of 10,000.
 *
 * <p>Values are held as {@link CountBTree#sortable} longs, so the order is {@link Double#compare}'s. The sorted arrays
 * depend on the multiset only, whatever the order of the changes. Memory: 16 bytes per distinct value twice (the
 * arrays and the merge's target, swapped), and the buffer, 8 bytes per pending change, at most max(64, d), with as
 * much again for the radix sort's scratch and its histograms (48 KiB) once 1,024 changes are sorted at once.
 */
final class BufferedSortedMultiset {
    private static final int MIN_BUFFER = 64;
    private static final int DIGIT = 11;
    private static final int BUCKETS = 1 << DIGIT;
    private static final int DIGITS = 6; // 64 bits
    private static final int RADIX_FROM = 1024;
    private int[] histograms;           // DIGITS x BUCKETS, allocated at the first radix sort
    private long[] radixScratch = new long[0];
    private long[] keys = new long[16];
    private long[] counts = new long[16];
    private long[] nextKeys = new long[16];
    private long[] nextCounts = new long[16];
    private int distinct;
    private long[] added = new long[MIN_BUFFER];
    private int addedSize;
    private long[] removed = new long[MIN_BUFFER];
    private int removedSize;
    private long size;

    void add(double x) {
        if (addedSize == added.length) added = Arrays.copyOf(added, added.length * 2);
        added[addedSize++] = CountBTree.sortable(x);
        size++;
        if (addedSize + removedSize > Math.max(MIN_BUFFER, distinct)) merge();
    }

    /** Removes one occurrence; a value that is not there is found at the next merge, which throws. */
    void remove(double x) {
        if (removedSize == removed.length) removed = Arrays.copyOf(removed, removed.length * 2);
        removed[removedSize++] = CountBTree.sortable(x);
        size--;
        if (addedSize + removedSize > Math.max(MIN_BUFFER, distinct)) merge();
    }

    /** How many values, counted with multiplicity. */
    long size() {
        return size;
    }

    /** The distinct values in ascending order after merging the buffer: call before {@link #value} and {@link #count}. */
    int sorted() {
        if (addedSize + removedSize > 0) merge();
        return distinct;
    }

    double value(int i) {
        return CountBTree.unsortable(keys[i]);
    }

    long count(int i) {
        return counts[i];
    }

    private void merge() {
        sort(added, addedSize);
        sort(removed, removedSize);
        int capacity = distinct + addedSize;
        if (nextKeys.length < capacity) {
            nextKeys = new long[Math.max(capacity, nextKeys.length * 2)];
            nextCounts = new long[nextKeys.length];
        }
        int m = 0, i = 0, a = 0, r = 0;
        while (i < distinct || a < addedSize) {
            long key = i < distinct && (a >= addedSize || keys[i] <= added[a]) ? keys[i] : added[a];
            long count = 0;
            if (i < distinct && keys[i] == key) count += counts[i++];
            while (a < addedSize && added[a] == key) {
                count++;
                a++;
            }
            while (r < removedSize && removed[r] < key) missing(removed[r]);
            while (r < removedSize && removed[r] == key) {
                count--;
                r++;
            }
            if (count < 0) missing(key);
            if (count == 0) continue;
            nextKeys[m] = key;
            nextCounts[m++] = count;
        }
        if (r < removedSize) missing(removed[r]);
        long[] k = keys, c = counts;
        keys = nextKeys;
        counts = nextCounts;
        nextKeys = k;
        nextCounts = c;
        distinct = m;
        addedSize = 0;
        removedSize = 0;
    }

    /**
     * Sorts the first n values: a least-significant-digit radix sort in 11-bit digits (the sign bit flipped, so that
     * unsigned digit order is signed order; a digit every value shares is skipped) from 1,024 values on, where it
     * takes about a quarter of the comparison sort's time on random ICs; below that, {@link Arrays#sort}.
     */
    private void sort(long[] values, int n) {
        if (n < RADIX_FROM) {
            Arrays.sort(values, 0, n);
            return;
        }
        if (histograms == null) histograms = new int[DIGITS * BUCKETS];
        if (radixScratch.length < n) radixScratch = new long[values.length];
        int[] h = histograms;
        Arrays.fill(h, 0);
        for (int i = 0; i < n; i++) {
            long x = values[i] ^ Long.MIN_VALUE;
            for (int d = 0; d < DIGITS; d++) h[d * BUCKETS + ((int) (x >>> (DIGIT * d)) & (BUCKETS - 1))]++;
        }
        long[] from = values;
        long[] to = radixScratch;
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
            int shift = DIGIT * d;
            for (int i = 0; i < n; i++) to[h[offset + ((int) ((from[i] ^ Long.MIN_VALUE) >>> shift) & (BUCKETS - 1))]++] = from[i];
            long[] swap = from;
            from = to;
            to = swap;
        }
        if (from != values) System.arraycopy(from, 0, values, 0, n);
    }

    private static void missing(long key) {
        throw new IllegalStateException("value removed that the multiset does not hold: " + CountBTree.unsortable(key));
    }
}

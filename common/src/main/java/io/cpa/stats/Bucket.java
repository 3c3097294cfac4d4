package io.cpa.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The long-term summary of a stretch of one series: how many observations fell in each {@link BucketCell} (IC cell,
 * VC value, correctness). Immutable; two buckets merge by adding counts, so the summary of any union of stretches is a
 * merge of their buckets, and every statistic of {@link BucketStats} over it is the same whatever the grouping.
 * Entries are sorted by key (IC order); the size is at most min(observations, occupied cells) whatever the age.
 */
public final class Bucket {
    public static final Bucket EMPTY = new Bucket(new int[0], new long[0], 0);

    private final int[] keys;
    private final long[] counts;
    private final int size;

    private Bucket(int[] keys, long[] counts, int size) {
        this.keys = keys;
        this.counts = counts;
        this.size = size;
    }

    /** Distinct cells. */
    public int size() {
        return size;
    }

    public int key(int i) {
        return keys[i];
    }

    public long count(int i) {
        return counts[i];
    }

    /** Observations summarised. */
    public long n() {
        long n = 0;
        for (int i = 0; i < size; i++) n += counts[i];
        return n;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** A bucket from sorted distinct keys and positive counts (what the codec reads); checked. */
    static Bucket of(int[] keys, long[] counts, int size) {
        for (int i = 0; i < size; i++) {
            if (keys[i] < 0 || (i > 0 && keys[i] <= keys[i - 1])) throw new IllegalArgumentException("bucket keys are not sorted and distinct at entry " + i);
            if (counts[i] <= 0) throw new IllegalArgumentException("bucket count is not positive at entry " + i);
        }
        return new Bucket(keys, counts, size);
    }

    public static Bucket merge(Bucket a, Bucket b) {
        if (a.size == 0) return b;
        if (b.size == 0) return a;
        int[] k = new int[a.size + b.size];
        long[] c = new long[k.length];
        int i = 0, j = 0, m = 0;
        while (i < a.size && j < b.size) {
            int ka = a.keys[i], kb = b.keys[j];
            if (ka == kb) {
                k[m] = ka;
                c[m++] = a.counts[i++] + b.counts[j++];
            } else if (ka < kb) {
                k[m] = ka;
                c[m++] = a.counts[i++];
            } else {
                k[m] = kb;
                c[m++] = b.counts[j++];
            }
        }
        while (i < a.size) {
            k[m] = a.keys[i];
            c[m++] = a.counts[i++];
        }
        while (j < b.size) {
            k[m] = b.keys[j];
            c[m++] = b.counts[j++];
        }
        return new Bucket(k, c, m);
    }

    /**
     * This bucket with one observation moved from cell {@code fromKey} to cell {@code toKey} (a label that changed
     * its correctness). Throws IllegalArgumentException when no observation is in {@code fromKey}.
     */
    Bucket move(int fromKey, int toKey) {
        if (fromKey == toKey) {
            if (find(fromKey) < 0) throw new IllegalArgumentException("bucket holds no observation in cell " + fromKey);
            return this;
        }
        int from = find(fromKey);
        if (from < 0) throw new IllegalArgumentException("bucket holds no observation in cell " + fromKey);
        int to = find(toKey);
        int m = size - (counts[from] == 1 ? 1 : 0) + (to < 0 ? 1 : 0);
        int[] k = new int[m];
        long[] c = new long[m];
        int j = 0;
        boolean placed = to >= 0;
        for (int i = 0; i < size; i++) {
            if (!placed && keys[i] > toKey) {
                k[j] = toKey;
                c[j++] = 1;
                placed = true;
            }
            long count = counts[i] - (i == from ? 1 : 0) + (i == to ? 1 : 0);
            if (count == 0) continue;
            k[j] = keys[i];
            c[j++] = count;
        }
        if (!placed) {
            k[j] = toKey;
            c[j++] = 1;
        }
        return new Bucket(k, c, j);
    }

    private int find(int key) {
        int i = Arrays.binarySearch(keys, 0, size, key);
        return i < 0 ? -1 : i;
    }

    /** Merges pairwise, smallest first would be cheaper but the sizes are similar in practice. */
    public static Bucket mergeAll(List<Bucket> buckets) {
        if (buckets.isEmpty()) return EMPTY;
        List<Bucket> level = List.copyOf(buckets);
        while (level.size() > 1) {
            Bucket[] next = new Bucket[(level.size() + 1) / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = 2 * i + 1 < level.size() ? merge(level.get(2 * i), level.get(2 * i + 1)) : level.get(2 * i);
            }
            level = Arrays.asList(next);
        }
        return level.get(0);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bucket b) || b.size != size) return false;
        for (int i = 0; i < size; i++) if (keys[i] != b.keys[i] || counts[i] != b.counts[i]) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) h = 31 * h + keys[i] * 17 + Long.hashCode(counts[i]);
        return h;
    }

    @Override
    public String toString() {
        return "Bucket[" + size + " cells, n " + n() + "]";
    }

    /**
     * A bucket being filled: the keys of its observations, appended (4 bytes each), sorted and counted on {@link #build}.
     * Used for the open minutes, which are small; what is older is merged.
     */
    public static final class Builder {
        private int[] keys = new int[16];
        private int size;
        private Bucket base = EMPTY;

        public Builder() {}

        /** A builder that starts from a bucket (a stored minute being reopened). */
        public Builder(Bucket base) {
            this.base = base;
        }

        public void add(Observation o) {
            add(BucketCell.of(o));
        }

        void add(int key) {
            if (size == keys.length) keys = Arrays.copyOf(keys, size * 2);
            keys[size++] = key;
        }

        public boolean isEmpty() {
            return size == 0 && base.isEmpty();
        }

        /** Moves one observation from cell {@code fromKey} to {@code toKey} (see {@link Bucket#move}). */
        void move(int fromKey, int toKey) {
            for (int i = size - 1; i >= 0; i--) {
                if (keys[i] == fromKey) {
                    keys[i] = toKey;
                    return;
                }
            }
            base = base.move(fromKey, toKey);
        }

        /** Observations added since construction (not counting the base). */
        public int added() {
            return size;
        }

        public Bucket build() {
            if (size == 0) return base;
            int[] sorted = Arrays.copyOf(keys, size);
            Arrays.sort(sorted);
            int[] k = new int[size];
            long[] c = new long[size];
            int m = 0;
            for (int i = 0; i < size; i++) {
                if (m > 0 && k[m - 1] == sorted[i]) c[m - 1]++;
                else {
                    k[m] = sorted[i];
                    c[m++] = 1;
                }
            }
            return merge(base, new Bucket(k, c, m));
        }
    }
}

package io.cpa.stats;

import java.util.Arrays;

/**
 * An order-statistics treap over a multiset of (key, class) points: one node per distinct key, holding how many points
 * of each of {@code k} classes sit at that key and, for its whole subtree, the per-class totals.
 *
 * <p>Every {@link #add} and {@link #remove} also reports, per class, how many other points have a key strictly less
 * than and equal to the key touched ({@link #less}, {@link #equal}); "other" means the multiset without the point
 * (before an add, after a remove). Greater counts follow from the class totals the caller keeps. That is all the rank
 * algebra of {@link RankAccumulator} needs.
 *
 * <p>Invariants: keys are ordered (BST on {@link Double#compare}, callers normalise -0.0 and reject NaN); heap order on
 * pseudo-random priorities, so the expected depth is O(log d) for d distinct keys; {@code sub[c] = own[c] +
 * left.sub[c] + right.sub[c]}; a node with no points is unlinked at once and its slot reused. Each operation is
 * O(k log d) expected time.
 *
 * <p>Nodes live in parallel primitive arrays (index 0 is the empty tree) rather than objects: the per-class counts of a
 * node are then contiguous and the descent touches few cache lines, which roughly doubles throughput.
 */
final class CountTree {
    private static final int NIL = 0;

    private final int k;
    private int root = NIL;
    private long seed = 0x9E3779B97F4A7C15L;
    private int distinct;
    private int used = 1;
    private int freeList = NIL;
    private double[] key;
    private int[] priority;
    private int[] left;
    private int[] right;
    private long[] ownTotal;
    private long[] own;
    private long[] sub;
    final long[] less;
    final long[] equal;

    CountTree(int k) {
        this.k = k;
        this.less = new long[k];
        this.equal = new long[k];
        allocate(16);
    }

    private void allocate(int capacity) {
        key = key == null ? new double[capacity] : Arrays.copyOf(key, capacity);
        priority = priority == null ? new int[capacity] : Arrays.copyOf(priority, capacity);
        left = left == null ? new int[capacity] : Arrays.copyOf(left, capacity);
        right = right == null ? new int[capacity] : Arrays.copyOf(right, capacity);
        ownTotal = ownTotal == null ? new long[capacity] : Arrays.copyOf(ownTotal, capacity);
        own = own == null ? new long[capacity * k] : Arrays.copyOf(own, capacity * k);
        sub = sub == null ? new long[capacity * k] : Arrays.copyOf(sub, capacity * k);
    }

    int distinctKeys() {
        return distinct;
    }

    /** Adds one point; afterwards {@link #less}/{@link #equal} describe the multiset before the addition. */
    void add(double x, int cls) {
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        root = insert(root, x, cls);
    }

    /** Removes one point, which must be present; afterwards {@link #less}/{@link #equal} describe the multiset after. */
    void remove(double x, int cls) {
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        root = delete(root, x, cls);
    }

    private int nextPriority() {
        // xorshift64*: deterministic, so a rebuilt window has the same shape whatever the JVM
        seed ^= seed >>> 12;
        seed ^= seed << 25;
        seed ^= seed >>> 27;
        return (int) ((seed * 0x2545F4914F6CDD1DL) >>> 33);
    }

    private int newNode(double x, int cls) {
        int t;
        if (freeList != NIL) {
            t = freeList;
            freeList = left[t];
        } else {
            if (used == key.length) allocate(key.length * 2);
            t = used++;
        }
        key[t] = x;
        priority[t] = nextPriority();
        left[t] = NIL;
        right[t] = NIL;
        Arrays.fill(own, t * k, t * k + k, 0);
        Arrays.fill(sub, t * k, t * k + k, 0);
        own[t * k + cls] = 1;
        sub[t * k + cls] = 1;
        ownTotal[t] = 1;
        distinct++;
        return t;
    }

    private void free(int t) {
        left[t] = freeList;
        freeList = t;
        distinct--;
    }

    private int insert(int t, double x, int cls) {
        if (t == NIL) return newNode(x, cls);
        sub[t * k + cls]++;
        int c = Double.compare(x, key[t]);
        if (c == 0) {
            addTo(equal, own, t);
            if (left[t] != NIL) addTo(less, sub, left[t]);
            own[t * k + cls]++;
            ownTotal[t]++;
            return t;
        }
        if (c < 0) {
            int l = insert(left[t], x, cls);
            left[t] = l;
            if (priority[l] > priority[t]) t = rotateRight(t);
        } else {
            if (left[t] != NIL) addTo(less, sub, left[t]);
            addTo(less, own, t);
            int r = insert(right[t], x, cls);
            right[t] = r;
            if (priority[r] > priority[t]) t = rotateLeft(t);
        }
        return t;
    }

    /** Counts are decremented on the way back up, so a missing point throws before anything has changed. */
    private int delete(int t, double x, int cls) {
        if (t == NIL) throw new IllegalStateException("point not in window: key " + x + ", class " + cls);
        int c = Double.compare(x, key[t]);
        if (c == 0) {
            if (own[t * k + cls] == 0) throw new IllegalStateException("point not in window: key " + x + ", class " + cls);
            sub[t * k + cls]--;
            own[t * k + cls]--;
            ownTotal[t]--;
            addTo(equal, own, t);
            if (left[t] != NIL) addTo(less, sub, left[t]);
            if (ownTotal[t] == 0) {
                int merged = merge(left[t], right[t]);
                free(t);
                return merged;
            }
            return t;
        }
        if (c < 0) {
            left[t] = delete(left[t], x, cls);
        } else {
            if (left[t] != NIL) addTo(less, sub, left[t]);
            addTo(less, own, t);
            right[t] = delete(right[t], x, cls);
        }
        sub[t * k + cls]--;
        return t;
    }

    private int merge(int a, int b) {
        if (a == NIL) return b;
        if (b == NIL) return a;
        if (priority[a] > priority[b]) {
            right[a] = merge(right[a], b);
            recompute(a);
            return a;
        }
        left[b] = merge(a, left[b]);
        recompute(b);
        return b;
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        recompute(t);
        recompute(l);
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        recompute(t);
        recompute(r);
        return r;
    }

    private void recompute(int t) {
        int base = t * k;
        int l = left[t] * k;
        int r = right[t] * k;
        boolean hasLeft = left[t] != NIL;
        boolean hasRight = right[t] != NIL;
        for (int c = 0; c < k; c++) {
            long s = own[base + c];
            if (hasLeft) s += sub[l + c];
            if (hasRight) s += sub[r + c];
            sub[base + c] = s;
        }
    }

    private void addTo(long[] target, long[] source, int node) {
        int base = node * k;
        for (int c = 0; c < k; c++) target[c] += source[base + c];
    }
}

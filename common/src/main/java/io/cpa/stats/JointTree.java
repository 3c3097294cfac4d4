package io.cpa.stats;

import java.util.Arrays;

/**
 * A sorted multiset of (IC, VC code) pairs: one treap node per distinct pair, ordered by IC first ({@link Double#compare}
 * order, as {@link CountTree#sortable} longs) and by VC code within equal IC, with a count. It answers one question, in
 * one pass: the pairs in that order ({@link #inOrder}), which is all the rank statistics need ({@link RankPass}).
 *
 * <p>Invariants: BST order on (sortable IC, code); heap order on a hash of the pair, so the expected depth is O(log d)
 * for d distinct pairs; every linked node has a positive count; counts are ints (fewer than 2^31 points, checked).
 * Add and remove are O(log d) expected time; {@link #inOrder} is O(d).
 *
 * <p>Why not {@link CountTree}: its key is one long and per-class counts; a VC with up to 1,001 codes would need a count
 * per code per node. Keeping the pair as the key holds each point once, whatever the scale.
 */
final class JointTree {
    private static final int NIL = 0;
    private long[] xs = new long[16];
    private int[] codes = new int[16];
    private int[] counts = new int[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int root = NIL;
    private int used = 1;
    private int freeList = NIL;
    private int distinct;
    private long size;
    private int[] stack = new int[64];

    long size() {
        return size;
    }

    int distinct() {
        return distinct;
    }

    void add(double x, int code) {
        if (size >= Integer.MAX_VALUE - 1) throw new IllegalStateException("a window holds fewer than 2^31 points");
        root = insert(root, CountTree.sortable(x), code);
        size++;
    }

    /** Removes one point, which must be present (a missing one throws before anything changes). */
    void remove(double x, int code) {
        long key = CountTree.sortable(x);
        int t = root;
        while (t != NIL) {
            int c = compare(key, code, t);
            if (c == 0) break;
            t = c < 0 ? left[t] : right[t];
        }
        if (t == NIL) throw new IllegalStateException("point not in window: IC " + x + ", VC code " + code);
        if (counts[t] > 1) counts[t]--;
        else root = delete(root, key, code);
        size--;
    }

    /**
     * Writes the distinct pairs in (IC, code) order into the arrays (each at least {@link #distinct()} long) and
     * returns how many; {@code outX} receives the IC keys as sortable longs (equal longs are equal ICs).
     */
    int inOrder(long[] outX, int[] outCode, long[] outCount) {
        int n = 0;
        int depth = 0;
        int t = root;
        while (t != NIL || depth > 0) {
            while (t != NIL) {
                if (depth == stack.length) stack = Arrays.copyOf(stack, depth * 2);
                stack[depth++] = t;
                t = left[t];
            }
            t = stack[--depth];
            outX[n] = xs[t];
            outCode[n] = codes[t];
            outCount[n] = counts[t];
            n++;
            t = right[t];
        }
        return n;
    }

    private int compare(long key, int code, int t) {
        int c = Long.compare(key, xs[t]);
        return c != 0 ? c : Integer.compare(code, codes[t]);
    }

    private static long priority(long key, int code) {
        return CountTree.priorityOf(key * 0x9E3779B97F4A7C15L + code);
    }

    private int insert(int t, long key, int code) {
        if (t == NIL) return newNode(key, code);
        int c = compare(key, code, t);
        if (c == 0) {
            counts[t]++;
            return t;
        }
        // the child is computed before the assignment: inserting can grow (replace) the arrays
        if (c < 0) {
            int child = insert(left[t], key, code);
            left[t] = child;
            if (priority(xs[left[t]], codes[left[t]]) > priority(xs[t], codes[t])) t = rotateRight(t);
        } else {
            int child = insert(right[t], key, code);
            right[t] = child;
            if (priority(xs[right[t]], codes[right[t]]) > priority(xs[t], codes[t])) t = rotateLeft(t);
        }
        return t;
    }

    private int delete(int t, long key, int code) {
        int c = compare(key, code, t);
        if (c < 0) {
            left[t] = delete(left[t], key, code);
            return t;
        }
        if (c > 0) {
            right[t] = delete(right[t], key, code);
            return t;
        }
        int merged = merge(left[t], right[t]);
        free(t);
        return merged;
    }

    private int merge(int a, int b) {
        if (a == NIL) return b;
        if (b == NIL) return a;
        if (priority(xs[a], codes[a]) > priority(xs[b], codes[b])) {
            right[a] = merge(right[a], b);
            return a;
        }
        left[b] = merge(a, left[b]);
        return b;
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        return r;
    }

    private int newNode(long key, int code) {
        int t;
        if (freeList != NIL) {
            t = freeList;
            freeList = right[t];
        } else {
            if (used == xs.length) grow();
            t = used++;
        }
        xs[t] = key;
        codes[t] = code;
        counts[t] = 1;
        left[t] = NIL;
        right[t] = NIL;
        distinct++;
        return t;
    }

    private void free(int t) {
        counts[t] = 0;
        right[t] = freeList;
        freeList = t;
        distinct--;
    }

    private void grow() {
        int n = xs.length * 2;
        xs = Arrays.copyOf(xs, n);
        codes = Arrays.copyOf(codes, n);
        counts = Arrays.copyOf(counts, n);
        left = Arrays.copyOf(left, n);
        right = Arrays.copyOf(right, n);
    }
}

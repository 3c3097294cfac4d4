package io.cpa.stats;

import java.util.Arrays;

/**
 * An order-statistics treap over a multiset of keyed points: one node per distinct key, holding how many points of each
 * of {@link #CLASSES} classes sit at that key and how many of each class sit in its left subtree. A point is in one class or in
 * two (a window puts an answer in its VC-level class and, when it is labelled, in a correctness class: one descent then
 * serves both the rank statistics and the calibration).
 *
 * <p>Every {@link #add} and {@link #remove} also reports, per class, how many other points have a key strictly less
 * than and equal to the key touched ({@link #less}, {@link #equal}); "other" means the multiset without the point
 * (before an add, after a remove). Greater counts follow from the class totals the caller keeps. That is all the rank
 * algebra of {@link RankStatistics} and the AUROC of {@link CalibrationAccumulator} need.
 *
 * <p>Invariants:
 * <ul>
 *   <li>keys are ordered as {@link Double#compare} orders them (BST; held as order-preserving longs, see
 *       {@link #sortable}); callers normalise -0.0 and reject NaN;</li>
 *   <li>heap order on priorities that are a hash of the key, so the expected depth is O(log d) for d distinct keys and
 *       the shape of the tree is a function of its key set alone (a rebuilt window is the same tree);</li>
 *   <li>counts are {@code int}s: a tree holds fewer than 2^31 points (checked on add);</li>
 *   <li>{@code leftCount[c]} of a node is the number of class-c points in its left subtree;</li>
 *   <li>a node with no points is unlinked at once and its slot reused.</li>
 * </ul>
 * Each operation is O(log d) expected time.
 *
 * <p>Why left-subtree counts rather than the usual subtree totals: a descent that turns right needs "everything left of
 * here", which with subtree totals lives in the left child, another node and another cache miss per level; with
 * left-subtree counts it lives in the node already being read. Rotations and merges keep the counts with a few
 * subtractions (see {@link #rotateRight}, {@link #rotateLeft}, {@link #merge}).
 *
 * <p>Why one flat {@code int[]}: a node's key, links and counts are contiguous (20 ints, 80 bytes), so a descent reads
 * one or two adjacent cache lines per level instead of one line per field array. At
 * 10,000 distinct keys the tree no longer fits in L2, and this layout is what decides the speed; it is also why the
 * priority is recomputed from the key instead of stored.
 */
final class CountTree {
    /** The second class of a point that has only one. */
    static final int NONE = -1;
    private static final int NIL = 0;
    private static final int KEY_HIGH = 0;
    private static final int KEY_LOW = 1;
    private static final int LEFT = 2;
    private static final int RIGHT = 3;      // on the free list: the next free slot
    /**
     * The number of classes, fixed: loops over a constant eight ints are unrolled (and vectorised) by the JIT, which a
     * variable class count prevents; a window needs six VC levels plus incorrect/correct.
     */
    static final int CLASSES = 8;
    private static final int OWN = 4;                        // the class counts of the points at this key
    private static final int LEFT_COUNTS = OWN + CLASSES;    // the class counts of the left subtree
    private static final int STRIDE = LEFT_COUNTS + CLASSES;

    private int root = NIL;
    private int distinct;
    private long memberships;               // points counted once per class they are in
    private int used = 1;                    // slot 0 is NIL
    private int freeList = NIL;
    private final int[] carried = new int[CLASSES]; // per-class totals of a subtree being merged
    private int[] pathNodes = new int[64];                   // the nodes a descent passed, root first
    private boolean[] pathLeft = new boolean[64];            // and whether it went left at each
    final int[] less = new int[CLASSES];
    final int[] equal = new int[CLASSES];
    private int[] nodes = new int[16 * STRIDE];

    /** A long whose signed order is {@link Double#compare}'s order of the doubles (for non-NaN values). */
    static long sortable(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of a {@link #sortable} long (the mapping is its own inverse). */
    static double unsortable(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** The treap priority of a key: a strong 64-bit mix (MurmurHash3's finaliser), so priorities behave as random. */
    static long priorityOf(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** An independent tree holding the same points (the state, not the scratch of the last operation). */
    CountTree copy() {
        CountTree c = new CountTree();
        c.root = root;
        c.distinct = distinct;
        c.memberships = memberships;
        c.used = used;
        c.freeList = freeList;
        c.nodes = nodes.clone();
        return c;
    }

    int distinctKeys() {
        return distinct;
    }

    /** Adds one point of one class; afterwards {@link #less}/{@link #equal} describe the multiset before the addition. */
    void add(double x, int cls) {
        add(x, cls, NONE);
    }

    /** Adds one point in class {@code cls} and, unless {@code cls2} is {@link #NONE}, in the distinct class cls2. */
    void add(double x, int cls, int cls2) {
        if (memberships >= Integer.MAX_VALUE - 1) throw new IllegalStateException("a window holds fewer than 2^31 points");
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        insert(sortable(x), cls, cls2);
        memberships += cls2 == NONE ? 1 : 2;
    }

    /** Removes one point, which must be present; afterwards {@link #less}/{@link #equal} describe the multiset after. */
    void remove(double x, int cls) {
        remove(x, cls, NONE);
    }

    /** Removes one point added as {@code add(x, cls, cls2)}, which must be present. */
    void remove(double x, int cls, int cls2) {
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        delete(sortable(x), x, cls, cls2);
        memberships -= cls2 == NONE ? 1 : 2;
    }

    private long key(int t) {
        int base = t * STRIDE;
        return ((long) nodes[base + KEY_HIGH] << 32) | (nodes[base + KEY_LOW] & 0xFFFF_FFFFL);
    }

    private int left(int t) {
        return nodes[t * STRIDE + LEFT];
    }

    private int right(int t) {
        return nodes[t * STRIDE + RIGHT];
    }

    private boolean above(int a, int b) {
        return priorityOf(key(a)) > priorityOf(key(b));
    }

    private int newNode(long key, int cls, int cls2) {
        int t;
        if (freeList != NIL) {
            t = freeList;
            freeList = nodes[t * STRIDE + RIGHT];
        } else {
            if ((used + 1) * STRIDE > nodes.length) nodes = Arrays.copyOf(nodes, nodes.length * 2);
            t = used++;
        }
        int base = t * STRIDE;
        Arrays.fill(nodes, base, base + STRIDE, 0);
        nodes[base + KEY_HIGH] = (int) (key >>> 32);
        nodes[base + KEY_LOW] = (int) key;
        nodes[base + OWN + cls] = 1;
        if (cls2 != NONE) nodes[base + OWN + cls2] = 1;
        distinct++;
        return t;
    }

    private void free(int t) {
        nodes[t * STRIDE + RIGHT] = freeList;
        freeList = t;
        distinct--;
    }

    /**
     * Iterative, with the path on an explicit stack: a recursive descent pays a call per level, which the JIT cannot
     * inline through, and the path is all a rotation upwards needs.
     */
    private void insert(long x, int cls, int cls2) {
        int depth = 0;
        int t = root;
        while (t != NIL) {
            int base = t * STRIDE;
            long key = key(t);
            if (x == key) {
                for (int c = 0; c < CLASSES; c++) {
                    equal[c] += nodes[base + OWN + c];
                    less[c] += nodes[base + LEFT_COUNTS + c];
                }
                nodes[base + OWN + cls]++;
                if (cls2 != NONE) nodes[base + OWN + cls2]++;
                return;
            }
            boolean goLeft = x < key;
            depth = push(depth, t, goLeft);
            if (goLeft) {
                // the new point ends up in this left subtree whatever happens below
                nodes[base + LEFT_COUNTS + cls]++;
                if (cls2 != NONE) nodes[base + LEFT_COUNTS + cls2]++;
                t = nodes[base + LEFT];
            } else {
                for (int c = 0; c < CLASSES; c++) less[c] += nodes[base + OWN + c] + nodes[base + LEFT_COUNTS + c];
                t = nodes[base + RIGHT];
            }
        }
        int fresh = newNode(x, cls, cls2);
        long priority = priorityOf(x);
        link(depth - 1, fresh);
        while (depth > 0 && priority > priorityOf(key(pathNodes[depth - 1]))) {
            depth--;
            int parent = pathNodes[depth];
            link(depth - 1, pathLeft[depth] ? rotateRight(parent) : rotateLeft(parent));
        }
    }

    /** Finds the point first, so a missing point throws before anything has changed. */
    private void delete(long x, double original, int cls, int cls2) {
        int depth = 0;
        int t = root;
        while (true) {
            if (t == NIL) throw missing(original, cls);
            int base = t * STRIDE;
            long key = key(t);
            if (x == key) break;
            boolean goLeft = x < key;
            depth = push(depth, t, goLeft);
            if (goLeft) {
                t = nodes[base + LEFT];
            } else {
                for (int c = 0; c < CLASSES; c++) less[c] += nodes[base + OWN + c] + nodes[base + LEFT_COUNTS + c];
                t = nodes[base + RIGHT];
            }
        }
        int base = t * STRIDE;
        if (nodes[base + OWN + cls] == 0 || cls2 != NONE && nodes[base + OWN + cls2] == 0) throw missing(original, cls);
        for (int i = 0; i < depth; i++) {
            if (!pathLeft[i]) continue;
            int ancestor = pathNodes[i] * STRIDE;
            nodes[ancestor + LEFT_COUNTS + cls]--;
            if (cls2 != NONE) nodes[ancestor + LEFT_COUNTS + cls2]--;
        }
        nodes[base + OWN + cls]--;
        if (cls2 != NONE) nodes[base + OWN + cls2]--;
        boolean empty = true;
        for (int c = 0; c < CLASSES; c++) {
            int own = nodes[base + OWN + c];
            equal[c] += own;
            less[c] += nodes[base + LEFT_COUNTS + c];
            empty &= own == 0;
        }
        if (empty) {
            System.arraycopy(nodes, base + LEFT_COUNTS, carried, 0, CLASSES);
            link(depth - 1, merge(nodes[base + LEFT], nodes[base + RIGHT]));
            free(t);
        }
    }

    private int push(int depth, int node, boolean wentLeft) {
        if (depth == pathNodes.length) {
            pathNodes = Arrays.copyOf(pathNodes, depth * 2);
            pathLeft = Arrays.copyOf(pathLeft, depth * 2);
        }
        pathNodes[depth] = node;
        pathLeft[depth] = wentLeft;
        return depth + 1;
    }

    /** Makes child the subtree the path took at step i (the root for i = -1). */
    private void link(int i, int child) {
        if (i < 0) root = child;
        else nodes[pathNodes[i] * STRIDE + (pathLeft[i] ? LEFT : RIGHT)] = child;
    }

    private static IllegalStateException missing(double x, int cls) {
        return new IllegalStateException("point not in window: key " + x + ", class " + cls);
    }

    /**
     * Joins two treaps whose keys are all below (a) and above (b) each other. {@link #carried} holds a's per-class
     * totals on entry (it is used up): b's left-subtree counts grow by them when a goes under b, and a's right
     * subtree's totals are a's totals less its own and left counts.
     */
    private int merge(int a, int b) {
        if (a == NIL) return b;
        if (b == NIL) return a;
        if (above(a, b)) {
            int base = a * STRIDE;
            for (int c = 0; c < CLASSES; c++) carried[c] -= nodes[base + OWN + c] + nodes[base + LEFT_COUNTS + c];
            nodes[base + RIGHT] = merge(nodes[base + RIGHT], b);
            return a;
        }
        int base = b * STRIDE;
        for (int c = 0; c < CLASSES; c++) nodes[base + LEFT_COUNTS + c] += carried[c];
        nodes[base + LEFT] = merge(a, nodes[base + LEFT]);
        return b;
    }

    /** t's new left subtree is l's old right subtree: t's left counts lose l's own points and l's left subtree. */
    private int rotateRight(int t) {
        int tb = t * STRIDE;
        int l = nodes[tb + LEFT];
        int lb = l * STRIDE;
        nodes[tb + LEFT] = nodes[lb + RIGHT];
        nodes[lb + RIGHT] = t;
        for (int c = 0; c < CLASSES; c++) nodes[tb + LEFT_COUNTS + c] -= nodes[lb + OWN + c] + nodes[lb + LEFT_COUNTS + c];
        return l;
    }

    /** r's new left subtree is t with t's left subtree and r's old left subtree. */
    private int rotateLeft(int t) {
        int tb = t * STRIDE;
        int r = nodes[tb + RIGHT];
        int rb = r * STRIDE;
        nodes[tb + RIGHT] = nodes[rb + LEFT];
        nodes[rb + LEFT] = t;
        for (int c = 0; c < CLASSES; c++) nodes[rb + LEFT_COUNTS + c] += nodes[tb + OWN + c] + nodes[tb + LEFT_COUNTS + c];
        return r;
    }

    /**
     * Checks every invariant of the tree and returns the number of class memberships (points, when each is in one
     * class); for tests. Throws IllegalStateException
     * naming the first broken invariant.
     */
    long checkInvariants() {
        long[] totals = new long[CLASSES];
        int[] nodesSeen = new int[1];
        check(root, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, totals, nodesSeen);
        if (nodesSeen[0] != distinct) throw new IllegalStateException("distinct " + distinct + " but " + nodesSeen[0] + " nodes linked");
        long n = 0;
        for (long c : totals) n += c;
        if (n != memberships) throw new IllegalStateException("memberships " + memberships + " but " + n + " counted");
        return n;
    }

    private void check(int t, long lo, long hi, long maxPriority, long[] totals, int[] nodesSeen) {
        if (t == NIL) return;
        nodesSeen[0]++;
        int base = t * STRIDE;
        long key = key(t);
        if (key < lo || key > hi) throw new IllegalStateException("key order broken at node " + t);
        long priority = priorityOf(key);
        if (priority > maxPriority) throw new IllegalStateException("heap order broken at node " + t);
        long[] leftTotals = new long[CLASSES];
        check(left(t), lo, key - 1, priority, leftTotals, nodesSeen);
        long[] rightTotals = new long[CLASSES];
        check(right(t), key + 1, hi, priority, rightTotals, nodesSeen);
        long own = 0;
        for (int c = 0; c < CLASSES; c++) {
            if (nodes[base + LEFT_COUNTS + c] != leftTotals[c]) throw new IllegalStateException("left count broken at node " + t);
            long o = nodes[base + OWN + c];
            if (o < 0) throw new IllegalStateException("negative count at node " + t);
            own += o;
            totals[c] += leftTotals[c] + o + rightTotals[c];
        }
        if (own == 0) throw new IllegalStateException("empty node linked: " + t);
    }
}

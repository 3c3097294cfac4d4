package io.cpa.stats;

import java.util.Arrays;

/**
 * An order-statistics multiset of keyed points, held as a counted B+-tree: the distinct keys in sorted leaves, each with
 * how many points of each class sit at it, and above them inner nodes holding, per child, a separator key and the
 * child's per-class totals. A point is in one class or in two (a window puts a labelled answer in its correctness
 * class; the second class lets one descent serve two counts).
 *
 * <p>Every {@link #add} and {@link #remove} also reports, per class, how many other points have a key strictly less
 * than and equal to the key touched ({@link #less}, {@link #equal}); "other" means the multiset without the point
 * (before an add, after a remove). Greater counts follow from the class totals the caller keeps. That is what the
 * AUROC of {@link CalibrationAccumulator} needs.
 *
 * <p>Invariants (checked by {@link #checkInvariants}):
 * <ul>
 *   <li>keys are ordered as {@link Double#compare} orders them (held as order-preserving longs, {@link #sortable});
 *       callers normalise -0.0 and reject NaN;</li>
 *   <li>every leaf is at depth {@code height}; a leaf's keys strictly increase, and each has a positive count in some
 *       class (a key whose last point leaves is removed at once);</li>
 *   <li>an inner node's separator j (j &gt; 0) is above every key of child j - 1 and at most every key of child j
 *       (separator 0 is never read); its count j per class is the total of child j's subtree;</li>
 *   <li>every node but the root holds {@link #MIN} to {@link #MAX} entries; an inner root holds at least two;</li>
 *   <li>counts are {@code int}s: a tree holds fewer than 2^31 class memberships (checked on add).</li>
 * </ul>
 * So the height is at most 1 + log_7(d / 7) for d distinct keys (5 for 10,000; 3 in practice) and each operation is
 * O(log d) with a descent of that many nodes. The shape depends on the order of the operations (a rebuilt window may
 * hold another shape), but every answer ({@link #less}, {@link #equal}, {@link #distinctKeys}) is a function of the
 * multiset alone.
 *
 * <p>Why a B+-tree rather than the treap this replaces: at 10,000 distinct keys a binary tree is about 18 levels of
 * nodes spread over a megabyte, one or two cache misses per level; here a descent reads three nodes, each a run of
 * 32 contiguous longs (keys) and 32 x classes contiguous ints (counts), and the per-class sums over the entries left of
 * the path are sequential loops. The counts per child (rather than per key left of it) keep an update to one
 * increment per level.
 *
 * <p>Memory: one pool of nodes, {@link #SLOTS} entries each (a key, a child link and {@code classes} counts: for two
 * classes 644 bytes a node). Every node but the root is at least a quarter full, so the nodes in use are at most about
 * d / 7 + d / 49 + ... + 1 (about 110 bytes per distinct key at worst; about 40 measured in a sliding window of
 * 1,000 to 100,000 random keys, nodes about half full); nodes freed by merges are reused through a free list. The
 * pool never holds more than twice the most nodes ever in use at once.
 */
final class CountBTree {
    /** The second class of a point that has only one. */
    static final int NONE = -1;
    /** Entries a node has room for: one more than {@link #MAX}, so an insertion lands before its node splits. */
    private static final int SLOTS = 32;
    /** The most entries a node keeps between operations. */
    static final int MAX = SLOTS - 1;
    /**
     * The fewest entries of a node other than the root: below it, the node is merged with or refilled from a
     * sibling. A quarter rather than the textbook half, so a node that a sliding window keeps near the limit does not
     * merge and split again at every other operation.
     */
    static final int MIN = MAX / 4;
    private static final int NIL = -1;

    private final int classes;
    private long[] keys;      // node n, entry j at n * SLOTS + j: a leaf's keys, an inner node's separators
    private int[] counts;     // entry e's class c at e * classes + c: per key in a leaf, per child subtree in an inner node
    private int[] children;   // an inner node's children; a free node's next free node at its entry 0
    private int[] sizes;      // entries in use per node
    private int nodes;        // nodes ever allocated (the pool's high-water mark)
    private int freeList = NIL;
    private int root;
    private int height;       // 0 while the root is a leaf
    private int distinct;
    private long memberships; // points counted once per class they are in
    private int[] pathNode = new int[16];  // the inner nodes a descent passed, root first
    private int[] pathIndex = new int[16]; // and the child taken in each
    private final int[] scratch;
    final int[] less;
    final int[] equal;

    /** A tree whose points are in classes 0 .. classes - 1. */
    CountBTree(int classes) {
        if (classes < 1) throw new IllegalArgumentException("classes must be at least 1: " + classes);
        this.classes = classes;
        this.less = new int[classes];
        this.equal = new int[classes];
        this.scratch = new int[classes];
        allocate(4);
        root = newNode();
    }

    private CountBTree(CountBTree from) {
        this.classes = from.classes;
        this.less = new int[classes];
        this.equal = new int[classes];
        this.scratch = new int[classes];
        this.keys = from.keys.clone();
        this.counts = from.counts.clone();
        this.children = from.children.clone();
        this.sizes = from.sizes.clone();
        this.nodes = from.nodes;
        this.freeList = from.freeList;
        this.root = from.root;
        this.height = from.height;
        this.distinct = from.distinct;
        this.memberships = from.memberships;
    }

    /** A long whose signed order is {@link Double#compare}'s order of the doubles (for non-NaN values). */
    static long sortable(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of a {@link #sortable} long (the mapping is its own inverse). */
    static double unsortable(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** An independent tree holding the same points (the state, not the scratch of the last operation). */
    CountBTree copy() {
        return new CountBTree(this);
    }

    int classes() {
        return classes;
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
        checkClasses(cls, cls2);
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        long key = sortable(x);
        int n = root;
        for (int depth = 0; depth < height; depth++) {
            int base = n * SLOTS;
            int i = childIndex(base, sizes[n], key);
            sumInto(less, base, i);
            // the new point ends up in this child's subtree whatever splits happen below
            int at = (base + i) * classes;
            counts[at + cls]++;
            if (cls2 != NONE) counts[at + cls2]++;
            pathNode[depth] = n;
            pathIndex[depth] = i;
            n = children[base + i];
        }
        int base = n * SLOTS;
        int size = sizes[n];
        int j = lowerBound(base, size, key);
        sumInto(less, base, j);
        if (j < size && keys[base + j] == key) {
            int at = (base + j) * classes;
            System.arraycopy(counts, at, equal, 0, classes);
            counts[at + cls]++;
            if (cls2 != NONE) counts[at + cls2]++;
        } else {
            shiftRight(n, j, size);
            keys[base + j] = key;
            int at = (base + j) * classes;
            Arrays.fill(counts, at, at + classes, 0);
            counts[at + cls] = 1;
            if (cls2 != NONE) counts[at + cls2] = 1;
            sizes[n] = size + 1;
            distinct++;
            if (size + 1 == SLOTS) splitUpwards(n);
        }
        memberships += cls2 == NONE ? 1 : 2;
    }

    /** Removes one point, which must be present; afterwards {@link #less}/{@link #equal} describe the multiset after. */
    void remove(double x, int cls) {
        remove(x, cls, NONE);
    }

    /** Removes one point added as {@code add(x, cls, cls2)}, which must be present (else it throws, changing nothing). */
    void remove(double x, int cls, int cls2) {
        checkClasses(cls, cls2);
        Arrays.fill(less, 0);
        Arrays.fill(equal, 0);
        long key = sortable(x);
        int n = root;
        for (int depth = 0; depth < height; depth++) {
            int base = n * SLOTS;
            int i = childIndex(base, sizes[n], key);
            sumInto(less, base, i);
            pathNode[depth] = n;
            pathIndex[depth] = i;
            n = children[base + i];
        }
        int base = n * SLOTS;
        int size = sizes[n];
        int j = lowerBound(base, size, key);
        if (j == size || keys[base + j] != key) throw missing(x, cls);
        int at = (base + j) * classes;
        if (counts[at + cls] == 0 || cls2 != NONE && counts[at + cls2] == 0) throw missing(x, cls);
        for (int depth = 0; depth < height; depth++) {
            int child = (pathNode[depth] * SLOTS + pathIndex[depth]) * classes;
            counts[child + cls]--;
            if (cls2 != NONE) counts[child + cls2]--;
        }
        counts[at + cls]--;
        if (cls2 != NONE) counts[at + cls2]--;
        sumInto(less, base, j);
        boolean empty = true;
        for (int c = 0; c < classes; c++) {
            int own = counts[at + c];
            equal[c] = own;
            empty &= own == 0;
        }
        memberships -= cls2 == NONE ? 1 : 2;
        if (!empty) return;
        shiftLeft(n, j + 1, size);
        sizes[n] = size - 1;
        distinct--;
        if (height > 0 && size - 1 < MIN) rebalanceUpwards(n);
    }

    private void checkClasses(int cls, int cls2) {
        if (cls < 0 || cls >= classes || cls2 != NONE && (cls2 < 0 || cls2 >= classes || cls2 == cls)) {
            throw new IllegalArgumentException("classes outside 0.." + (classes - 1) + " or equal: " + cls + ", " + cls2);
        }
    }

    /** The child of an inner node whose subtree holds key: the last j with j = 0 or separator j at most key. */
    private int childIndex(int base, int size, long key) {
        int lo = 1;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[base + mid] <= key) lo = mid + 1;
            else hi = mid;
        }
        return lo - 1;
    }

    /** The first entry of a leaf whose key is at least key (size when none is). */
    private int lowerBound(int base, int size, long key) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[base + mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** acc[c] += the class-c counts of the node's first {@code entries} entries (contiguous, so a sequential loop). */
    private void sumInto(int[] acc, int base, int entries) {
        int from = base * classes;
        int to = (base + entries) * classes;
        if (classes == 2) { // the calibration trees' case, without the inner loop
            int a = 0;
            int b = 0;
            for (int e = from; e < to; e += 2) {
                a += counts[e];
                b += counts[e + 1];
            }
            acc[0] += a;
            acc[1] += b;
            return;
        }
        for (int e = from; e < to; e += classes) {
            for (int c = 0; c < classes; c++) acc[c] += counts[e + c];
        }
    }

    /** The per-class total of a node's entries, into {@link #scratch}. */
    private int[] total(int n) {
        Arrays.fill(scratch, 0);
        sumInto(scratch, n * SLOTS, sizes[n]);
        return scratch;
    }

    /** Opens entry j of node n by moving entries j .. size - 1 one place right. */
    private void shiftRight(int n, int j, int size) {
        move(n, j, n, j + 1, size - j);
    }

    /** Closes entry j - 1 of node n by moving entries j .. size - 1 one place left. */
    private void shiftLeft(int n, int j, int size) {
        move(n, j, n, j - 1, size - j);
    }

    /** Copies {@code count} entries (keys, counts, children) from node a at i to node b at j; overlapping is fine. */
    private void move(int a, int i, int b, int j, int count) {
        if (count <= 0) return;
        int from = a * SLOTS + i;
        int to = b * SLOTS + j;
        System.arraycopy(keys, from, keys, to, count);
        System.arraycopy(children, from, children, to, count);
        System.arraycopy(counts, from * classes, counts, to * classes, count * classes);
    }

    /**
     * Splits a node that has just filled all {@link #SLOTS} entries into two halves, inserts the right half into the
     * parent (whose count for the node already includes the new point), and goes on up while a parent fills.
     */
    private void splitUpwards(int n) {
        for (int depth = height; sizes[n] == SLOTS; depth--) {
            int right = newNode();
            int half = SLOTS / 2;
            move(n, half, right, 0, SLOTS - half);
            sizes[n] = half;
            sizes[right] = SLOTS - half;
            // a leaf's first key, or an inner node's first separator: above everything left of it, at most all right
            long separator = keys[right * SLOTS];
            int[] rightTotal = total(right);
            if (depth == 0) {
                int top = newNode();
                int tb = top * SLOTS;
                children[tb] = n;
                children[tb + 1] = right;
                keys[tb] = keys[n * SLOTS];
                keys[tb + 1] = separator;
                System.arraycopy(rightTotal, 0, counts, (tb + 1) * classes, classes);
                int[] leftTotal = total(n);
                System.arraycopy(leftTotal, 0, counts, tb * classes, classes);
                sizes[top] = 2;
                root = top;
                height++;
                if (height + 1 > pathNode.length) {
                    pathNode = Arrays.copyOf(pathNode, pathNode.length * 2);
                    pathIndex = Arrays.copyOf(pathIndex, pathIndex.length * 2);
                }
                return;
            }
            int parent = pathNode[depth - 1];
            int i = pathIndex[depth - 1];
            int pb = parent * SLOTS;
            shiftRight(parent, i + 1, sizes[parent]);
            keys[pb + i + 1] = separator;
            children[pb + i + 1] = right;
            int at = (pb + i) * classes;
            for (int c = 0; c < classes; c++) {
                counts[at + classes + c] = rightTotal[c];
                counts[at + c] -= rightTotal[c];
            }
            sizes[parent]++;
            n = parent;
        }
    }

    /**
     * Restores the fill of a node that fell below {@link #MIN}: merged with a neighbour when both fit in one node (the
     * parent loses an entry, and may fall below in turn), else the two share their entries evenly. A root left with a
     * single child is replaced by it.
     */
    private void rebalanceUpwards(int n) {
        for (int depth = height; depth > 0 && sizes[n] < MIN; depth--) {
            int parent = pathNode[depth - 1];
            int i = pathIndex[depth - 1];
            int pb = parent * SLOTS;
            int k = i > 0 ? i - 1 : i; // the left one of the pair
            int left = children[pb + k];
            int right = children[pb + k + 1];
            int lb = left * SLOTS;
            int rb = right * SLOTS;
            // for inner nodes: the parent's separator is valid between left's last child and right's first
            if (depth < height) keys[rb] = keys[pb + k + 1];
            int total = sizes[left] + sizes[right];
            if (total <= MAX) {
                move(right, 0, left, sizes[left], sizes[right]);
                sizes[left] = total;
                free(right);
                int at = (pb + k) * classes;
                for (int c = 0; c < classes; c++) counts[at + c] += counts[at + classes + c];
                shiftLeft(parent, k + 2, sizes[parent]);
                sizes[parent]--;
                n = parent;
                continue;
            }
            int want = total / 2;
            int have = sizes[left];
            if (have > want) {
                int m = have - want;
                shiftRightBy(right, m);
                move(left, want, right, 0, m);
            } else {
                int m = want - have;
                move(right, 0, left, have, m);
                move(right, m, right, 0, sizes[right] - m);
            }
            sizes[left] = want;
            sizes[right] = total - want;
            keys[pb + k + 1] = keys[rb];
            System.arraycopy(total(left), 0, counts, (pb + k) * classes, classes);
            System.arraycopy(total(right), 0, counts, (pb + k + 1) * classes, classes);
            return;
        }
        if (height > 0 && sizes[root] == 1) {
            int old = root;
            root = children[old * SLOTS];
            free(old);
            height--;
        }
    }

    private void shiftRightBy(int n, int m) {
        move(n, 0, n, m, sizes[n]);
    }

    private void allocate(int capacity) {
        keys = new long[capacity * SLOTS];
        counts = new int[capacity * SLOTS * classes];
        children = new int[capacity * SLOTS];
        sizes = new int[capacity];
    }

    private int newNode() {
        int n;
        if (freeList != NIL) {
            n = freeList;
            freeList = children[n * SLOTS];
        } else {
            if (nodes == sizes.length) {
                int capacity = sizes.length * 2;
                keys = Arrays.copyOf(keys, capacity * SLOTS);
                counts = Arrays.copyOf(counts, capacity * SLOTS * classes);
                children = Arrays.copyOf(children, capacity * SLOTS);
                sizes = Arrays.copyOf(sizes, capacity);
            }
            n = nodes++;
        }
        sizes[n] = 0;
        return n;
    }

    private void free(int n) {
        sizes[n] = 0;
        children[n * SLOTS] = freeList;
        freeList = n;
    }

    private static IllegalStateException missing(double x, int cls) {
        return new IllegalStateException("point not in window: key " + x + ", class " + cls);
    }

    /**
     * Checks every invariant and returns the number of class memberships (points, when each is in one class); for
     * tests. Throws IllegalStateException naming the first broken invariant.
     */
    long checkInvariants() {
        long[] totals = new long[classes];
        int[] seen = new int[2]; // distinct keys, nodes
        if (height > 0 && sizes[root] < 2) throw new IllegalStateException("inner root with " + sizes[root] + " children");
        check(root, 0, Long.MIN_VALUE, Long.MAX_VALUE, false, totals, seen);
        if (seen[0] != distinct) throw new IllegalStateException("distinct " + distinct + " but " + seen[0] + " keys in leaves");
        int free = 0;
        for (int f = freeList; f != NIL; f = children[f * SLOTS]) free++;
        if (seen[1] + free != nodes) throw new IllegalStateException(seen[1] + " nodes linked and " + free + " free of " + nodes);
        long n = 0;
        for (long c : totals) n += c;
        if (n != memberships) throw new IllegalStateException("memberships " + memberships + " but " + n + " counted");
        return n;
    }

    /** Keys of node n's subtree must lie in [lo, hi) (hi only when bounded). */
    private void check(int n, int depth, long lo, long hi, boolean bounded, long[] totals, int[] seen) {
        seen[1]++;
        int size = sizes[n];
        int base = n * SLOTS;
        if (n != root && (size < MIN || size > MAX)) throw new IllegalStateException("node " + n + " holds " + size + " entries");
        if (depth == height) {
            for (int j = 0; j < size; j++) {
                long key = keys[base + j];
                if (key < lo || bounded && key >= hi || j > 0 && key <= keys[base + j - 1]) {
                    throw new IllegalStateException("key order broken in leaf " + n + " at " + j);
                }
                long own = 0;
                for (int c = 0; c < classes; c++) {
                    int count = counts[(base + j) * classes + c];
                    if (count < 0) throw new IllegalStateException("negative count in leaf " + n);
                    own += count;
                    totals[c] += count;
                }
                if (own == 0) throw new IllegalStateException("empty key kept in leaf " + n);
                seen[0]++;
            }
            return;
        }
        for (int j = 0; j < size; j++) {
            long childLo = j == 0 ? lo : keys[base + j];
            if (j > 0 && (childLo < lo || bounded && childLo >= hi || j > 1 && childLo <= keys[base + j - 1])) {
                throw new IllegalStateException("separator order broken in node " + n + " at " + j);
            }
            boolean childBounded = j + 1 < size || bounded;
            long childHi = j + 1 < size ? keys[base + j + 1] : hi;
            long[] childTotals = new long[classes];
            check(children[base + j], depth + 1, childLo, childHi, childBounded, childTotals, seen);
            for (int c = 0; c < classes; c++) {
                if (counts[(base + j) * classes + c] != childTotals[c]) {
                    throw new IllegalStateException("count of child " + j + " broken in node " + n);
                }
                totals[c] += childTotals[c];
            }
        }
    }
}

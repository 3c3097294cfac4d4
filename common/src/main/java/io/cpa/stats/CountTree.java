package io.cpa.stats;

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
 * random priorities, so the expected depth is O(log d) for d distinct keys; {@code sub[c] = own[c] + left.sub[c] +
 * right.sub[c]}; a node with no points is removed at once. Each operation is O(k log d) expected time.
 */
final class CountTree {
    private final int k;
    private Node root;
    private long seed;
    private int distinct;
    final long[] less;
    final long[] equal;

    CountTree(int k) {
        this.k = k;
        this.less = new long[k];
        this.equal = new long[k];
        this.seed = 0x9E3779B97F4A7C15L;
    }

    private static final class Node {
        final double key;
        final int priority;
        Node left;
        Node right;
        final long[] own;
        final long[] sub;
        long ownTotal;

        Node(double key, int priority, int k) {
            this.key = key;
            this.priority = priority;
            this.own = new long[k];
            this.sub = new long[k];
        }
    }

    int distinctKeys() {
        return distinct;
    }

    /** Adds one point; afterwards {@link #less}/{@link #equal} describe the multiset before the addition. */
    void add(double key, int cls) {
        java.util.Arrays.fill(less, 0);
        java.util.Arrays.fill(equal, 0);
        root = insert(root, key, cls);
    }

    /** Removes one point, which must be present; afterwards {@link #less}/{@link #equal} describe the multiset after. */
    void remove(double key, int cls) {
        java.util.Arrays.fill(less, 0);
        java.util.Arrays.fill(equal, 0);
        root = delete(root, key, cls);
    }

    private int nextPriority() {
        // xorshift64*: deterministic, so a rebuilt window has the same shape whatever the JVM
        seed ^= seed >>> 12;
        seed ^= seed << 25;
        seed ^= seed >>> 27;
        return (int) ((seed * 0x2545F4914F6CDD1DL) >>> 33);
    }

    private Node insert(Node t, double key, int cls) {
        if (t == null) {
            Node n = new Node(key, nextPriority(), k);
            n.own[cls] = 1;
            n.sub[cls] = 1;
            n.ownTotal = 1;
            distinct++;
            return n;
        }
        t.sub[cls]++;
        int c = Double.compare(key, t.key);
        if (c == 0) {
            addTo(equal, t.own);
            if (t.left != null) addTo(less, t.left.sub);
            t.own[cls]++;
            t.ownTotal++;
            return t;
        }
        if (c < 0) {
            t.left = insert(t.left, key, cls);
            if (t.left.priority > t.priority) t = rotateRight(t);
        } else {
            if (t.left != null) addTo(less, t.left.sub);
            addTo(less, t.own);
            t.right = insert(t.right, key, cls);
            if (t.right.priority > t.priority) t = rotateLeft(t);
        }
        return t;
    }

    /** Counts are decremented on the way back up, so a missing point throws before anything has changed. */
    private Node delete(Node t, double key, int cls) {
        if (t == null) throw new IllegalStateException("point not in window: key " + key + ", class " + cls);
        int c = Double.compare(key, t.key);
        if (c == 0) {
            if (t.own[cls] == 0) throw new IllegalStateException("point not in window: key " + key + ", class " + cls);
            t.sub[cls]--;
            t.own[cls]--;
            t.ownTotal--;
            addTo(equal, t.own);
            if (t.left != null) addTo(less, t.left.sub);
            if (t.ownTotal == 0) {
                distinct--;
                return merge(t.left, t.right);
            }
            return t;
        }
        if (c < 0) {
            t.left = delete(t.left, key, cls);
        } else {
            if (t.left != null) addTo(less, t.left.sub);
            addTo(less, t.own);
            t.right = delete(t.right, key, cls);
        }
        t.sub[cls]--;
        return t;
    }

    private Node merge(Node a, Node b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            recompute(a);
            return a;
        }
        b.left = merge(a, b.left);
        recompute(b);
        return b;
    }

    private Node rotateRight(Node t) {
        Node l = t.left;
        t.left = l.right;
        l.right = t;
        recompute(t);
        recompute(l);
        return l;
    }

    private Node rotateLeft(Node t) {
        Node r = t.right;
        t.right = r.left;
        r.left = t;
        recompute(t);
        recompute(r);
        return r;
    }

    private void recompute(Node t) {
        long[] s = t.sub;
        System.arraycopy(t.own, 0, s, 0, k);
        if (t.left != null) addTo(s, t.left.sub);
        if (t.right != null) addTo(s, t.right.sub);
    }

    private static void addTo(long[] target, long[] source) {
        for (int i = 0; i < target.length; i++) target[i] += source[i];
    }
}

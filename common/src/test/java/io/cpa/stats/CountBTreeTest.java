package io.cpa.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counted B+-tree against a plain list of points: the less/equal counts after every operation and every invariant,
 * through ties, -0.0, node splits and merges, growth to thousands of keys and removal to empty.
 */
class CountBTreeTest {

    /** A point in class cls and, unless it is NONE, in class cls2 too (as a window puts labelled answers). */
    private record Point(double key, int cls, int cls2) {}

    /**
     * keys: how many distinct key values the stream draws from (few = heavy ties); classes: how many of the eight the
     * stream uses; twoClassShare: how often a point is also in a second class.
     */
    @ParameterizedTest
    @CsvSource({"6, 3, 0.5, 1", "6, 50, 0.5, 2", "8, 100000, 0.7, 3", "2, 1, 0, 4", "8, 7, 1, 5", "1, 20, 0, 6"})
    void lessAndEqualMatchABruteForceCountAfterEveryOperation(int classes, int keys, double twoClassShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CountBTree tree = new CountBTree(8);
        List<Point> points = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            boolean remove = !points.isEmpty() && (points.size() > 300 || random.nextInt(3) == 0);
            Point p;
            if (remove) {
                p = points.remove(random.nextInt(points.size()));
                tree.remove(p.key(), p.cls(), p.cls2());
            } else {
                int cls = random.nextInt(classes);
                int cls2 = classes > 1 && random.nextDouble() < twoClassShare ? (cls + 1 + random.nextInt(classes - 1)) % classes : CountBTree.NONE;
                p = new Point(random.nextInt(keys) / (double) keys - 0.5, cls, cls2);
                tree.add(p.key(), p.cls(), p.cls2());
            }
            int[] less = new int[8];
            int[] equal = new int[8];
            for (Point q : points) {
                int c = Double.compare(q.key(), p.key());
                int[] side = c < 0 ? less : c == 0 ? equal : null;
                if (side == null) continue;
                side[q.cls()]++;
                if (q.cls2() != CountBTree.NONE) side[q.cls2()]++;
            }
            if (!remove) points.add(p);
            assertArrayEquals(less, tree.less, "less at step " + step);
            assertArrayEquals(equal, tree.equal, "equal at step " + step);
            if (step % 97 == 0) {
                assertEquals(memberships(points), tree.checkInvariants(), "memberships at step " + step);
                assertEquals(points.stream().map(Point::key).distinct().count(), tree.distinctKeys());
            }
        }
        while (!points.isEmpty()) {
            Point p = points.remove(points.size() - 1);
            tree.remove(p.key(), p.cls(), p.cls2());
        }
        assertEquals(0, tree.checkInvariants());
        assertEquals(0, tree.distinctKeys());
    }

    private static long memberships(List<Point> points) {
        return points.stream().mapToLong(p -> p.cls2() == CountBTree.NONE ? 1 : 2).sum();
    }

    @Test
    void keysAreOrderedAsDoubleCompareOrdersThem() {
        double[] ascending = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE,
                0x1p-40, 0.5, Math.nextUp(0.5), 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 1; i < ascending.length; i++) {
            assertTrue(CountBTree.sortable(ascending[i - 1]) < CountBTree.sortable(ascending[i]), "at " + ascending[i]);
        }
        CountBTree tree = new CountBTree(8);
        for (int i = ascending.length - 1; i >= 0; i--) tree.add(ascending[i], 0);
        tree.add(Math.nextUp(0.5), 0);
        assertEquals(8, tree.less[0]);
        assertEquals(1, tree.equal[0]);
    }

    @Test
    void removingAnAbsentPointThrowsAndChangesNothing() {
        CountBTree tree = new CountBTree(8);
        tree.add(0.3, 0);
        tree.add(0.7, 1, 7);
        assertThrows(IllegalStateException.class, () -> tree.remove(0.3, 1));
        assertThrows(IllegalStateException.class, () -> tree.remove(0.5, 0));
        assertThrows(IllegalStateException.class, () -> tree.remove(0.7, 1, 6));
        assertEquals(3, tree.checkInvariants());
        tree.add(0.8, 0);
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 1}, tree.less);
    }

    /**
     * A sliding window of the engine's shape (add the newest, evict the oldest) with two classes, on several key
     * patterns: every operation against the brute-force count, every invariant every 50 operations, then removal to
     * empty in random order. Window sizes pass many node splits, merges and refills, and a change of height both ways.
     */
    @ParameterizedTest
    @CsvSource({"continuous, 3000, 21", "grid, 3000, 22", "ascending, 2500, 23", "descending, 2500, 24", "zeros, 500, 25"})
    void slidingWindowMatchesABruteForceCountThroughSplitsAndMerges(String pattern, int window, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CountBTree tree = new CountBTree(2);
        java.util.ArrayDeque<Point> held = new java.util.ArrayDeque<>();
        for (int step = 0; step < 12_000; step++) {
            double key = switch (pattern) {
                case "continuous" -> random.nextDouble();
                case "grid" -> random.nextInt(400) / 400.0;
                case "ascending" -> step / 12_000.0;
                case "descending" -> 1 - step / 12_000.0;
                default -> random.nextBoolean() ? 0.0 : -0.0; // the tree orders as Double.compare: -0.0 below 0.0
            };
            Point p = new Point(key, random.nextInt(2), CountBTree.NONE);
            tree.add(p.key(), p.cls());
            assertCounts(tree, held, p, step);
            held.addLast(p);
            if (held.size() > window) {
                Point old = held.removeFirst();
                tree.remove(old.key(), old.cls());
                assertCounts(tree, held, old, step);
            }
            if (step % 10 == 0) assertDistinct(tree, held, step);
            if (step % 50 == 0) assertEquals(held.size(), tree.checkInvariants(), "memberships at step " + step);
        }
        List<Point> rest = new ArrayList<>(held);
        while (!rest.isEmpty()) {
            Point p = rest.remove(random.nextInt(rest.size()));
            tree.remove(p.key(), p.cls());
            assertCounts(tree, rest, p, -1);
            assertDistinct(tree, rest, -1);
            if (rest.size() % 37 == 0) assertEquals(rest.size(), tree.checkInvariants());
        }
        assertEquals(0, tree.checkInvariants());
        assertEquals(0, tree.distinctKeys());
        tree.add(0.25, 1); // usable again after emptying
        assertArrayEquals(new int[] {0, 0}, tree.less);
        assertEquals(1, tree.checkInvariants());
    }

    /** less/equal of the tree against a count over the points other than p (held never contains p here). */
    private static void assertCounts(CountBTree tree, java.util.Collection<Point> others, Point p, int step) {
        int[] less = new int[2];
        int[] equal = new int[2];
        for (Point q : others) {
            int c = Double.compare(q.key(), p.key());
            if (c < 0) less[q.cls()]++;
            else if (c == 0) equal[q.cls()]++;
        }
        assertArrayEquals(less, tree.less, "less at step " + step);
        assertArrayEquals(equal, tree.equal, "equal at step " + step);
    }

    private static void assertDistinct(CountBTree tree, java.util.Collection<Point> held, int step) {
        assertEquals(held.stream().map(q -> Double.doubleToRawLongBits(q.key())).distinct().count(), tree.distinctKeys(), "distinct at step " + step);
    }

    @Test
    void aCopyIsIndependentAndEqual() {
        SplittableRandom random = new SplittableRandom(31);
        CountBTree tree = new CountBTree(2);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Point p = new Point(random.nextInt(900) / 900.0, random.nextInt(2), CountBTree.NONE);
            tree.add(p.key(), p.cls());
            points.add(p);
        }
        CountBTree copy = tree.copy();
        for (int i = 0; i < 1500; i++) {
            Point p = points.get(i);
            tree.remove(p.key(), p.cls());
        }
        assertEquals(500, tree.checkInvariants());
        assertEquals(2000, copy.checkInvariants());
        Point last = points.get(1999);
        copy.add(last.key(), last.cls());
        assertCounts(copy, points, last, -1);
    }

    @Test
    void classesOutsideTheTreeAreRefused() {
        CountBTree tree = new CountBTree(2);
        assertThrows(IllegalArgumentException.class, () -> tree.add(0.5, 2));
        assertThrows(IllegalArgumentException.class, () -> tree.add(0.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new CountBTree(0));
        assertEquals(0, tree.checkInvariants());
    }
}

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

/** The treap against a plain list of points: the less/equal counts after every operation and every invariant. */
class CountTreeTest {

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
        CountTree tree = new CountTree();
        List<Point> points = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            boolean remove = !points.isEmpty() && (points.size() > 300 || random.nextInt(3) == 0);
            Point p;
            if (remove) {
                p = points.remove(random.nextInt(points.size()));
                tree.remove(p.key(), p.cls(), p.cls2());
            } else {
                int cls = random.nextInt(classes);
                int cls2 = classes > 1 && random.nextDouble() < twoClassShare ? (cls + 1 + random.nextInt(classes - 1)) % classes : CountTree.NONE;
                p = new Point(random.nextInt(keys) / (double) keys - 0.5, cls, cls2);
                tree.add(p.key(), p.cls(), p.cls2());
            }
            int[] less = new int[CountTree.CLASSES];
            int[] equal = new int[CountTree.CLASSES];
            for (Point q : points) {
                int c = Double.compare(q.key(), p.key());
                int[] side = c < 0 ? less : c == 0 ? equal : null;
                if (side == null) continue;
                side[q.cls()]++;
                if (q.cls2() != CountTree.NONE) side[q.cls2()]++;
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
        return points.stream().mapToLong(p -> p.cls2() == CountTree.NONE ? 1 : 2).sum();
    }

    @Test
    void keysAreOrderedAsDoubleCompareOrdersThem() {
        double[] ascending = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE,
                0x1p-40, 0.5, Math.nextUp(0.5), 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 1; i < ascending.length; i++) {
            assertTrue(CountTree.sortable(ascending[i - 1]) < CountTree.sortable(ascending[i]), "at " + ascending[i]);
        }
        CountTree tree = new CountTree();
        for (int i = ascending.length - 1; i >= 0; i--) tree.add(ascending[i], 0);
        tree.add(Math.nextUp(0.5), 0);
        assertEquals(8, tree.less[0]);
        assertEquals(1, tree.equal[0]);
    }

    @Test
    void removingAnAbsentPointThrowsAndChangesNothing() {
        CountTree tree = new CountTree();
        tree.add(0.3, 0);
        tree.add(0.7, 1, 7);
        assertThrows(IllegalStateException.class, () -> tree.remove(0.3, 1));
        assertThrows(IllegalStateException.class, () -> tree.remove(0.5, 0));
        assertThrows(IllegalStateException.class, () -> tree.remove(0.7, 1, 6));
        assertEquals(3, tree.checkInvariants());
        tree.add(0.8, 0);
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 1}, tree.less);
    }
}

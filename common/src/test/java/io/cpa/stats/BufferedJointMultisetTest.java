package io.cpa.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The joint multiset against a sorted list kept from scratch, through growth, ties, merges and removals to empty. */
class BufferedJointMultisetTest {

    @Test
    void inOrderEqualsTheSortedMultisetAfterEveryOperation() {
        SplittableRandom random = new SplittableRandom(11);
        BufferedJointMultiset tree = new BufferedJointMultiset();
        List<double[]> points = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            // grows to a few thousand points, then shrinks to empty: merges by buffer size and by reads
            boolean shrinking = step > 14_000;
            if (!points.isEmpty() && (shrinking || random.nextInt(3) == 0)) {
                double[] p = points.remove(random.nextInt(points.size()));
                tree.remove(p[0], (int) p[1]);
            } else {
                double x = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(40) / 40.0;     // heavy ties
                    case 1 -> random.nextDouble();           // continuous
                    default -> random.nextBoolean() ? 0.0 : 1.0;
                };
                double[] p = {x, random.nextInt(random.nextBoolean() ? 7 : 1001)};
                points.add(p);
                tree.add(p[0], (int) p[1]);
            }
            assertThat(tree.size()).isEqualTo(points.size());
            if (step % 97 == 0 || step > 19_950 || random.nextInt(400) == 0) check(tree, points);
        }
        assertThat(points).isEmpty();
        assertThat(tree.sorted()).isZero();
    }

    @Test
    void theOrderOfChangesDoesNotMatter() {
        SplittableRandom random = new SplittableRandom(12);
        List<double[]> points = new ArrayList<>();
        // negative keys and -0.0 too: the radix sort's digits must keep Double.compare's order on both signs
        for (int i = 0; i < 3000; i++) {
            double x = random.nextInt(10) == 0 ? -0.0 : random.nextInt(300) / 300.0 - 0.5;
            points.add(new double[] {x, random.nextInt(1001)});
        }
        BufferedJointMultiset ascending = new BufferedJointMultiset();
        points.stream().sorted(Comparator.comparingDouble(p -> p[0])).forEach(p -> ascending.add(p[0], (int) p[1]));
        BufferedJointMultiset shuffled = new BufferedJointMultiset();
        for (double[] p : points) shuffled.add(p[0], (int) p[1]);
        check(ascending, points);
        check(shuffled, points);
        BufferedJointMultiset atOnce = new BufferedJointMultiset(); // buffers past 1,024 changes: the radix sort
        for (double[] p : points) atOnce.add(p[0], (int) p[1]);
        check(atOnce, points);
        for (double[] p : points.subList(0, 2000)) atOnce.remove(p[0], (int) p[1]);
        check(atOnce, points.subList(2000, 3000));
        assertThatThrownBy(() -> atOnce.add(0.5, 1024)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    }

    @Test
    void removingAMissingPointThrowsWhenMerged() {
        BufferedJointMultiset tree = new BufferedJointMultiset();
        tree.add(0.5, 3);
        tree.remove(0.5, 4);
        assertThatThrownBy(tree::sorted).isInstanceOf(IllegalStateException.class).hasMessageContaining("VC code 4");
        BufferedJointMultiset twice = new BufferedJointMultiset();
        twice.add(0.5, 3);
        assertThat(twice.sorted()).isEqualTo(1);
        twice.remove(0.5, 3);
        twice.remove(0.5, 3);
        assertThatThrownBy(twice::sorted).isInstanceOf(IllegalStateException.class).hasMessageContaining("IC 0.5");
    }

    @Test
    void observationsWithAProbabilisticVcSurviveTheirCodec() {
        Observation o = new Observation(7, 1234, 0.25, 0.8, io.cpa.certainty.ParseStatus.OK, true,
                new Observation.ProbabilisticPoint(0.731, 4, 1.25));
        assertThat(ObservationCodec.decode(7, ObservationCodec.encode(o))).isEqualTo(o);
        Observation without = Observation.paired(8, 1, 0.5, 0.2, null);
        assertThat(ObservationCodec.encode(without)).hasSize(ObservationCodec.SIZE);
        assertThat(ObservationCodec.decode(8, ObservationCodec.encode(without))).isEqualTo(without);
    }

    private static void check(BufferedJointMultiset tree, List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        int m = tree.sorted();
        long[] x = tree.xs();
        int[] code = tree.codes();
        long[] count = tree.counts();
        assertThat(m).isEqualTo(sorted.stream().map(p -> p[0] + "/" + p[1]).distinct().count());
        assertThat(tree.size()).isEqualTo(points.size());
        int k = 0;
        for (int i = 0; i < m; i++) {
            assertThat(count[i]).isPositive();
            for (long c = 0; c < count[i]; c++, k++) {
                assertThat(x[i]).isEqualTo(CountBTree.sortable(sorted.get(k)[0]));
                assertThat(code[i]).isEqualTo((int) sorted.get(k)[1]);
            }
        }
        assertThat(k).isEqualTo(points.size());
    }
}

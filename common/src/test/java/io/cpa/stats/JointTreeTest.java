package io.cpa.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The joint tree against a sorted list kept from scratch, through growth, ties and removals. */
class JointTreeTest {

    @Test
    void inOrderEqualsTheSortedMultisetAfterEveryOperation() {
        SplittableRandom random = new SplittableRandom(11);
        JointTree tree = new JointTree();
        List<double[]> points = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            if (!points.isEmpty() && random.nextInt(3) == 0) {
                double[] p = points.remove(random.nextInt(points.size()));
                tree.remove(p[0], (int) p[1]);
            } else {
                double[] p = {random.nextInt(40) / 40.0, random.nextInt(7)};
                points.add(p);
                tree.add(p[0], (int) p[1]);
            }
            if (step % 97 == 0 || step > 3950) check(tree, points);
        }
    }

    @Test
    void removingAMissingPointThrowsAndChangesNothing() {
        JointTree tree = new JointTree();
        tree.add(0.5, 3);
        assertThatThrownBy(() -> tree.remove(0.5, 4)).hasMessageContaining("VC code 4");
        assertThat(tree.size()).isEqualTo(1);
        tree.remove(0.5, 3);
        assertThat(tree.size()).isZero();
        assertThat(tree.distinct()).isZero();
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

    private static void check(JointTree tree, List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        long[] x = new long[tree.distinct()];
        int[] code = new int[tree.distinct()];
        long[] count = new long[tree.distinct()];
        int m = tree.inOrder(x, code, count);
        assertThat(m).isEqualTo(tree.distinct());
        assertThat(tree.size()).isEqualTo(points.size());
        int k = 0;
        for (int i = 0; i < m; i++) {
            assertThat(count[i]).isPositive();
            for (long c = 0; c < count[i]; c++, k++) {
                assertThat(x[i]).isEqualTo(CountTree.sortable(sorted.get(k)[0]));
                assertThat(code[i]).isEqualTo((int) sorted.get(k)[1]);
            }
        }
        assertThat(k).isEqualTo(points.size());
    }
}

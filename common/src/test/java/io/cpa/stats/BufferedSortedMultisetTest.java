package io.cpa.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferedSortedMultisetTest {
    @Test
    void readsAsASortedCountedMultisetAfterAnyInterleavingOfChanges() {
        SplittableRandom random = new SplittableRandom(1);
        BufferedSortedMultiset set = new BufferedSortedMultiset();
        TreeMap<Double, Long> reference = new TreeMap<>();
        List<Double> held = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            if (held.isEmpty() || random.nextInt(5) < 3) {
                // ties on a coarse grid half of the time, 0.0 and 1.0 included
                double x = random.nextBoolean() ? random.nextInt(21) / 20.0 : random.nextDouble();
                set.add(x);
                held.add(x);
                reference.merge(x, 1L, Long::sum);
            } else {
                double x = held.remove(random.nextInt(held.size()));
                set.remove(x);
                reference.merge(x, -1L, (a, b) -> a + b == 0 ? null : a + b);
            }
            assertThat(set.size()).isEqualTo(held.size());
            if (random.nextInt(500) == 0) {
                int d = set.sorted();
                assertThat(d).isEqualTo(reference.size());
                int i = 0;
                for (Map.Entry<Double, Long> e : reference.entrySet()) {
                    assertThat(set.value(i)).isEqualTo(e.getKey());
                    assertThat(set.count(i)).isEqualTo(e.getValue());
                    i++;
                }
            }
        }
    }

    @Test
    void largeBuffersOfAnySignSortAsDoubleCompare() {
        SplittableRandom random = new SplittableRandom(2);
        BufferedSortedMultiset set = new BufferedSortedMultiset();
        TreeMap<Double, Long> reference = new TreeMap<>(Double::compare);
        double[] special = {-0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -Double.MIN_VALUE, Double.MAX_VALUE};
        for (int i = 0; i < 5000; i++) { // buffers of thousands of changes: the radix sort
            double x = random.nextInt(10) == 0 ? special[random.nextInt(special.length)] : (random.nextDouble() - 0.5) * 1e6;
            set.add(x);
            reference.merge(x, 1L, Long::sum);
        }
        int d = set.sorted();
        assertThat(d).isEqualTo(reference.size());
        int i = 0;
        for (Map.Entry<Double, Long> e : reference.entrySet()) {
            assertThat(Double.doubleToRawLongBits(set.value(i))).isEqualTo(Double.doubleToRawLongBits(e.getKey()));
            assertThat(set.count(i)).isEqualTo(e.getValue());
            i++;
        }
    }

    @Test
    void removingAValueItDoesNotHoldThrowsWhenMerged() {
        BufferedSortedMultiset set = new BufferedSortedMultiset();
        set.add(0.5);
        set.remove(0.25);
        assertThatThrownBy(set::sorted).isInstanceOf(IllegalStateException.class).hasMessageContaining("0.25");
        BufferedSortedMultiset twice = new BufferedSortedMultiset();
        twice.add(0.5);
        twice.remove(0.5);
        twice.remove(0.5);
        assertThatThrownBy(twice::sorted).isInstanceOf(IllegalStateException.class).hasMessageContaining("0.5");
    }
}

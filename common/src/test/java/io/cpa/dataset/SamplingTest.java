package io.cpa.dataset;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 1000).boxed().toList();

    @Test
    void sameSeedSameSampleWithoutReplacement() {
        List<Integer> a = Sampling.sample(ITEMS, 100, 42L);
        assertThat(a).hasSize(100).doesNotHaveDuplicates();
        assertThat(ITEMS).containsAll(a);
        assertThat(Sampling.sample(ITEMS, 100, 42L)).isEqualTo(a);
        assertThat(Sampling.sample(ITEMS, 100, 43L)).isNotEqualTo(a);
    }

    @Test
    void matchesTheDocumentedFisherYatesOverJavaUtilRandom() {
        // Collections.shuffle(list, rnd) is specified as the same backward Fisher-Yates pass with nextInt(i + 1)
        List<Integer> expected = new ArrayList<>(ITEMS);
        Collections.shuffle(expected, new Random(2024L));
        assertThat(Sampling.sample(ITEMS, 1000, 2024L)).isEqualTo(expected);
    }

    @Test
    void smallerSampleIsAPrefixOfALargerOneAndTheInputIsUntouched() {
        List<Integer> input = new ArrayList<>(ITEMS);
        List<Integer> big = Sampling.sample(input, 500, 7L);
        assertThat(Sampling.sample(input, 50, 7L)).isEqualTo(big.subList(0, 50));
        assertThat(input).isEqualTo(ITEMS);
        assertThat(Sampling.sample(input, 0, 7L)).isEmpty();
    }

    @Test
    void everyOrderingOfThreeItemsIsEquallyLikelyAcrossSeeds() {
        // 6000 seeds, 6 permutations, expected 1000 each; chi-square test of uniformity, 5 degrees of freedom
        Map<List<String>, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 6000; seed++) counts.merge(Sampling.sample(List.of("x", "y", "z"), 3, seed), 1, Integer::sum);
        assertThat(counts).hasSize(6);
        long[] observed = counts.values().stream().mapToLong(Integer::longValue).toArray();
        double[] expected = new double[6];
        java.util.Arrays.fill(expected, 1000.0);
        assertThat(new ChiSquareTest().chiSquareTest(expected, observed)).isGreaterThan(0.001);
    }

    @Test
    void invalidSizes() {
        assertThatThrownBy(() -> Sampling.sample(ITEMS, 1001, 1L)).hasMessageContaining("exceeds the 1000 items");
        assertThatThrownBy(() -> Sampling.sample(ITEMS, -1, 1L)).hasMessageContaining("negative");
        assertThat(new HashSet<>(Sampling.sample(ITEMS, 1000, 1L))).isEqualTo(new HashSet<>(ITEMS));
    }
}

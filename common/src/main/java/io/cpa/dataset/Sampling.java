package io.cpa.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded sampling of questions without replacement.
 *
 * <p>Algorithm: copy the list, shuffle the copy with a Fisher-Yates (Durstenfeld) pass driven by
 * {@code java.util.Random(seed)} (for i from size-1 down to 1, swap element i with element {@code nextInt(i + 1)}),
 * and take the first n. {@code java.util.Random}'s generator is fixed by its specification, so a seed gives the same
 * sample on every JVM and every run. The shuffle does not depend on n, so the sample of n is a prefix of the sample of
 * any larger n with the same seed: growing a benchmark keeps the questions already asked. The input is not modified.
 */
public final class Sampling {
    private Sampling() {}

    /**
     * @throws IllegalArgumentException when n is negative or larger than the list
     */
    public static <T> List<T> sample(List<T> items, int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("sample size is negative: " + n);
        if (n > items.size()) {
            throw new IllegalArgumentException("sample size " + n + " exceeds the " + items.size() + " items available");
        }
        List<T> copy = new ArrayList<>(items);
        Random random = new Random(seed);
        for (int i = copy.size() - 1; i > 0; i--) {
            Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return List.copyOf(copy.subList(0, n));
    }
}

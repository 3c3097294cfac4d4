package io.cpa.report;

import java.util.List;

/**
 * Misalignment taxonomy counts for one model, variant and temperature (pooled over datasets), over the paired
 * answers, with a few examples per class.
 *
 * @param classes one entry per {@link Misalignment}, in its declaration order; counts add up to {@code total}
 */
public record TaxonomyTable(String model, String variant, double temperature, long total, List<ClassCount> classes) {
    public TaxonomyTable {
        classes = List.copyOf(classes);
    }

    public record ClassCount(Misalignment kind, long count, List<Example> examples) {
        public ClassCount {
            examples = List.copyOf(examples);
        }
    }

    /** One answer of a class, with the certainty reply exactly as the model wrote it. */
    public record Example(String answerId, String questionId, String dataset, double ic, double vc, String raw) {}

    public long count(Misalignment kind) {
        return classes.stream().filter(c -> c.kind() == kind).mapToLong(ClassCount::count).sum();
    }
}

package io.cpa.question;

import java.util.List;
import java.util.Objects;

/**
 * A multiple-choice question as the method asks it: stem, 2 to 8 labelled options, and the gold label when known.
 *
 * @param id      stable id within its dataset (the dataset's own id where it has one)
 * @param dataset dataset name, e.g. {@code commonsense_qa}, {@code sample}
 * @param gold    label of the correct option, or null when unknown
 */
public record Question(String id, String dataset, String text, List<ChoiceOption> options, String gold) {
    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(text, "text");
        options = List.copyOf(options);
        if (options.size() < 2 || options.size() > 8) {
            throw new IllegalArgumentException("question " + id + " has " + options.size() + " options, expected 2 to 8");
        }
        if (gold != null && options.stream().noneMatch(o -> o.label().equals(gold))) {
            throw new IllegalArgumentException("question " + id + ": gold label " + gold + " is not one of the options");
        }
    }

    public List<String> labels() {
        return options.stream().map(ChoiceOption::label).toList();
    }

    public ChoiceOption option(String label) {
        return options.stream().filter(o -> o.label().equals(label)).findFirst().orElse(null);
    }
}

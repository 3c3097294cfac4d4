package io.cpa.question;

import java.util.Objects;

/** One labelled option of a multiple-choice question, e.g. {@code B. a library}. Labels are letters or digits (ARC uses 1-4). */
public record ChoiceOption(String label, String text) {
    public ChoiceOption {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(text, "text");
        if (label.isBlank()) throw new IllegalArgumentException("option label is blank");
    }
}

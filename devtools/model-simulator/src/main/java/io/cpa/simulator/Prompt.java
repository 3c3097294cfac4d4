package io.cpa.simulator;

import java.util.List;

/** What a chat request asks for, as far as the simulator is concerned. */
public sealed interface Prompt {

    /** A multiple-choice answer prompt: question, option lines {@code L. text}, then {@code Answer:}. */
    record Answer(String question, List<String> labels, List<String> texts) implements Prompt {
        public Answer {
            labels = List.copyOf(labels);
            texts = List.copyOf(texts);
        }
    }

    /** A verbalized-certainty prompt about an earlier answer to {@code question}. */
    record Certainty(CertaintyVariant variant, String question, String answer) implements Prompt {
    }

    /** Anything else. */
    record Other(String text) implements Prompt {
    }
}

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

    /**
     * A verbalized-certainty prompt about an earlier answer to {@code question}. When the quoted answer was cut by the
     * caller ({@code first N characters… [cut at N of M characters]}), {@code answer} is the kept prefix and
     * {@code answerCut} is true; {@code answerChars} is M, or -1 when not cut.
     */
    record Certainty(CertaintyVariant variant, String question, String answer, boolean answerCut, int answerChars)
            implements Prompt {
        public Certainty(CertaintyVariant variant, String question, String answer) {
            this(variant, question, answer, false, -1);
        }
    }

    /** Anything else: a free-form question. */
    record Other(String text) implements Prompt {
    }
}

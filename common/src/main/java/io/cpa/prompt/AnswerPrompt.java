package io.cpa.prompt;

import io.cpa.question.ChoiceOption;

import java.util.List;

/** The answer prompt of the method: the question, one {@code L. text} line per option, then {@code Answer:}. */
public final class AnswerPrompt {
    private AnswerPrompt() {}

    public static String render(String question, List<ChoiceOption> options) {
        StringBuilder sb = new StringBuilder(question.strip()).append('\n');
        for (ChoiceOption o : options) sb.append(o.label()).append(". ").append(o.text()).append('\n');
        return sb.append("Answer:").toString();
    }
}

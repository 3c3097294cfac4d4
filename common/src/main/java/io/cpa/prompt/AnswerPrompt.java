package io.cpa.prompt;

import io.cpa.question.ChoiceOption;

import java.util.List;

/**
 * The answer prompt of the method (docs/method.md section 2): the question, one {@code L. text} line per option, then
 * {@code Answer:}. Lines are joined by a single {@code \n}; there is no trailing newline, so the model's first
 * generated token is the one Algorithm 1 reads.
 */
public final class AnswerPrompt {
    private AnswerPrompt() {}

    public static String render(String question, List<ChoiceOption> options) {
        if (question == null || question.isBlank()) throw new IllegalArgumentException("question is blank");
        if (options == null || options.isEmpty()) throw new IllegalArgumentException("options: expected at least one");
        StringBuilder sb = new StringBuilder(question.strip()).append('\n');
        for (ChoiceOption o : options) sb.append(o.label()).append(". ").append(o.text()).append('\n');
        return sb.append("Answer:").toString();
    }
}

package io.cpa.answer.proxy;

import io.cpa.question.ChoiceOption;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a message written in the answer-prompt format (question, then one {@code L. text} line per option,
 * then {@code Answer:}) and reads the question and its options back. Anything else is free-form.
 */
public final class AnswerPromptParser {
    private static final Pattern OPTION = Pattern.compile("^([A-Za-z]|[0-9]{1,2})\\. (.*)$");

    public record Parsed(String question, List<ChoiceOption> options) {}

    private AnswerPromptParser() {}

    public static Optional<Parsed> parse(String message) {
        if (message == null) return Optional.empty();
        String text = message.strip();
        if (!text.endsWith("Answer:")) return Optional.empty();
        String[] lines = text.substring(0, text.length() - "Answer:".length()).split("\r?\n", -1);
        int end = lines.length;
        while (end > 0 && lines[end - 1].isBlank()) end--;
        List<ChoiceOption> options = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        int i = end - 1;
        for (; i >= 0; i--) {
            Matcher m = OPTION.matcher(lines[i].strip());
            if (!m.matches() || !labels.add(m.group(1))) break;
            options.add(new ChoiceOption(m.group(1), m.group(2).strip()));
        }
        if (options.size() < 2 || options.size() > 8 || i < 0) return Optional.empty();
        String question = String.join("\n", java.util.Arrays.asList(lines).subList(0, i + 1)).strip();
        if (question.isEmpty()) return Optional.empty();
        Collections.reverse(options);
        return Optional.of(new Parsed(question, options));
    }
}

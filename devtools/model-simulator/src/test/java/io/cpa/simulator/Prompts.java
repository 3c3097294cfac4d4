package io.cpa.simulator;

import java.util.ArrayList;
import java.util.List;

/** The method's answer prompt and the five certainty prompt variants, written as method section 3 gives them. */
final class Prompts {

    static final String LEVELS = "a. Very Certain\nb. Fairly Certain\nc. Moderately Certain\nd. Somewhat Certain\n"
            + "e. Not Certain\nf. Very Uncertain";

    private Prompts() {
    }

    static String answer(String question, List<String> labels, List<String> texts) {
        StringBuilder sb = new StringBuilder(question).append('\n');
        for (int i = 0; i < labels.size(); i++) sb.append(labels.get(i)).append(". ").append(texts.get(i)).append('\n');
        return sb.append("Answer:").toString();
    }

    static String options(List<String> labels, List<String> texts) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) parts.add(labels.get(i) + ". " + texts.get(i));
        return String.join(", ", parts);
    }

    static String certainty(String variant, String question, String options, String answer) {
        return switch (variant) {
            case "numeric" -> "You were asked: " + question + "\nYour answer was: " + answer
                    + ".\nOn a scale of 1 to 100, how certain are you about your answer?";
            case "lsu" -> "You were asked: " + question + "\nYour answer was: " + answer
                    + ".\nHow certain are you of your answer?\n" + LEVELS;
            case "ttp-lsu" -> "A language model was asked: " + question + "\nThe model's answer was: " + answer
                    + ".\nHow certain are you of the model's answer?\n" + LEVELS;
            case "oc-lsu" -> "You were asked: " + question + "\nOptions were: " + options + ".\nYour answer was: "
                    + answer + ".\nAnalyse your answer given the other options.\nHow certain are you of your answer?\n" + LEVELS;
            case "cqp" -> "A language model was asked: " + question + "\nOptions were: " + options
                    + ".\nThe model's answer was: " + answer + ".\nAnalyse its answer given other options.\n"
                    + "How certain are you of the model's answer?\n" + LEVELS;
            default -> throw new IllegalArgumentException(variant);
        };
    }
}

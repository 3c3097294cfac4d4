package io.cpa.prompt;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.question.ChoiceOption;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The certainty prompt variants of the paper; {@code cqp} is the final one (third person, options shown, six levels). */
public enum CertaintyPromptVariant {
    NUMERIC("numeric"), LSU("lsu"), TTP_LSU("ttp-lsu"), OC_LSU("oc-lsu"), CQP("cqp");

    private final String promptName;

    CertaintyPromptVariant(String promptName) {
        this.promptName = promptName;
    }

    public String promptName() { return promptName; }

    public boolean numericScale() { return this == NUMERIC; }

    public static CertaintyPromptVariant byName(String name) {
        return Arrays.stream(values()).filter(v -> v.promptName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown certainty prompt variant '" + name + "', expected one of "
                        + Arrays.stream(values()).map(CertaintyPromptVariant::promptName).toList()));
    }

    public String render(String question, List<ChoiceOption> options, String answer) {
        String opts = options.stream().map(o -> o.label() + ". " + o.text()).collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        sb.append("A language model was asked: ").append(question.strip()).append('\n');
        sb.append("Options were: ").append(opts).append(".\n");
        sb.append("The model's answer was: ").append(answer).append(".\n");
        sb.append("Analyse its answer given other options.\n");
        sb.append("How certain are you of the model's answer?\n");
        for (CertaintyLevel l : CertaintyLevel.values()) sb.append(l.letter()).append(". ").append(l.phrase()).append('\n');
        return sb.toString().stripTrailing();
    }
}

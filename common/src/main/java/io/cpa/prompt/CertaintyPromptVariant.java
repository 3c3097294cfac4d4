package io.cpa.prompt;

import io.cpa.certainty.CertaintyLevel;
import io.cpa.question.ChoiceOption;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The certainty prompts of docs/method.md section 3, selectable by name. Lines are joined by {@code \n}, no trailing
 * newline. {@code {q}} is the question, {@code {o}} the options as {@code A. text, B. text, ...}, {@code {a}} the
 * answer as given (e.g. {@code B. a library}), and {@code <scale>} the six lines {@code a. Very Certain} ...
 * {@code f. Very Uncertain} of {@link CertaintyLevel}.
 *
 * <pre>
 * cqp (default, third person + options + scale; the paper's text verbatim):
 *   A language model was asked: {q}
 *   Options were: {o}.
 *   The model's answer was: {a}.
 *   Analyse its answer given other options.
 *   How certain are you of the model's answer?
 *   &lt;scale&gt;
 *
 * ttp-lsu (third person, no options):
 *   A language model was asked: {q}
 *   The model's answer was: {a}.
 *   How certain are you of the model's answer?
 *   &lt;scale&gt;
 *
 * oc-lsu (first person + options):
 *   You were asked: {q}
 *   Options were: {o}.
 *   Your answer was: {a}.
 *   Analyse your answer given the other options.
 *   How certain are you of your answer?
 *   &lt;scale&gt;
 *
 * lsu (first person, no options):
 *   You were asked: {q}
 *   Your answer was: {a}.
 *   How certain are you of your answer?
 *   &lt;scale&gt;
 *
 * numeric (first person, no options, number):
 *   You were asked: {q}
 *   Your answer was: {a}.
 *   On a scale of 1 to 100, how certain are you about your answer?
 * </pre>
 *
 * The first-person question line of the Likert variants mirrors the CQP's "How certain are you of the model's answer?"
 * with "your answer"; the numeric line is the one the method names.
 */
public enum CertaintyPromptVariant {
    NUMERIC("numeric", false, false, false),
    LSU("lsu", false, false, true),
    TTP_LSU("ttp-lsu", true, false, true),
    OC_LSU("oc-lsu", false, true, true),
    CQP("cqp", true, true, true);

    public static final String THIRD_PERSON_ASKED = "A language model was asked: ";
    public static final String THIRD_PERSON_ANSWER = "The model's answer was: ";
    public static final String THIRD_PERSON_ANALYSE = "Analyse its answer given other options.";
    public static final String THIRD_PERSON_QUESTION = "How certain are you of the model's answer?";
    public static final String FIRST_PERSON_ASKED = "You were asked: ";
    public static final String FIRST_PERSON_ANSWER = "Your answer was: ";
    public static final String FIRST_PERSON_ANALYSE = "Analyse your answer given the other options.";
    public static final String FIRST_PERSON_QUESTION = "How certain are you of your answer?";
    public static final String NUMERIC_QUESTION = "On a scale of 1 to 100, how certain are you about your answer?";
    public static final String OPTIONS_PREFIX = "Options were: ";

    private final String promptName;
    private final boolean thirdPerson;
    private final boolean showsOptions;
    private final boolean likert;

    CertaintyPromptVariant(String promptName, boolean thirdPerson, boolean showsOptions, boolean likert) {
        this.promptName = promptName;
        this.thirdPerson = thirdPerson;
        this.showsOptions = showsOptions;
        this.likert = likert;
    }

    /** The name used in configuration, series keys and events, e.g. {@code cqp}. */
    public String promptName() { return promptName; }

    /** True when the reply is a number 1-100 rather than a level of the six-level scale. */
    public boolean numericScale() { return !likert; }

    public boolean thirdPerson() { return thirdPerson; }

    public boolean showsOptions() { return showsOptions; }

    /**
     * The variant asked instead for an answer without options: the paper's own counterpart without option
     * contextualisation ({@code cqp} -> {@code ttp-lsu}, {@code oc-lsu} -> {@code lsu}); the others show no options
     * and are asked as they are. The series is labelled with the variant returned, so one series never mixes prompts.
     */
    public CertaintyPromptVariant withoutOptions() {
        return switch (this) {
            case CQP -> TTP_LSU;
            case OC_LSU -> LSU;
            default -> this;
        };
    }

    public static CertaintyPromptVariant byName(String name) {
        for (CertaintyPromptVariant v : values()) {
            if (v.promptName.equals(name)) return v;
        }
        throw new IllegalArgumentException("unknown certainty prompt variant '" + name + "', valid: "
                + Arrays.stream(values()).map(CertaintyPromptVariant::promptName).collect(Collectors.joining(", ")));
    }

    /** The six scale lines, {@code a. Very Certain} to {@code f. Very Uncertain}. */
    public static String scaleLines() {
        return Arrays.stream(CertaintyLevel.values())
                .map(l -> l.letter() + ". " + l.phrase())
                .collect(Collectors.joining("\n"));
    }

    /** Options as the {@code Options were:} line shows them: {@code A. text, B. text, ...}. */
    public static String optionsInline(List<ChoiceOption> options) {
        return options.stream().map(o -> o.label() + ". " + o.text()).collect(Collectors.joining(", "));
    }

    /**
     * @param question the question stem
     * @param options  the options; required (non-empty) by the variants that show them, ignored by the others
     * @param answer   the answer under evaluation as shown, e.g. {@code B. a library}
     */
    public String render(String question, List<ChoiceOption> options, String answer) {
        if (question == null || question.isBlank()) throw new IllegalArgumentException("question is blank");
        if (answer == null || answer.isBlank()) throw new IllegalArgumentException("answer is blank");
        if (showsOptions && (options == null || options.isEmpty())) {
            throw new IllegalArgumentException("variant " + promptName + " shows the options: options are empty");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(thirdPerson ? THIRD_PERSON_ASKED : FIRST_PERSON_ASKED).append(question.strip()).append('\n');
        if (showsOptions) sb.append(OPTIONS_PREFIX).append(optionsInline(options)).append(".\n");
        sb.append(thirdPerson ? THIRD_PERSON_ANSWER : FIRST_PERSON_ANSWER).append(answer.strip()).append(".\n");
        if (showsOptions) sb.append(thirdPerson ? THIRD_PERSON_ANALYSE : FIRST_PERSON_ANALYSE).append('\n');
        if (likert) {
            sb.append(thirdPerson ? THIRD_PERSON_QUESTION : FIRST_PERSON_QUESTION).append('\n').append(scaleLines());
        } else {
            sb.append(NUMERIC_QUESTION);
        }
        return sb.toString();
    }
}

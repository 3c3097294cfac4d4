package io.cpa.label;

import java.util.List;
import java.util.Locale;

/**
 * Who says whether an answer is correct. {@link #GOLD} is the label that travels with the answer (a benchmark's gold
 * option); the others arrive later as labels. The declaration order is the default precedence of the headline
 * correctness: when several kinds have judged one answer, the first kind in this order that has a verdict decides.
 */
public enum LabelKind {
    GOLD("gold"),
    HUMAN("human"),
    JUDGE("judge"),
    USER_FEEDBACK("user-feedback");

    /** The default precedence of the headline correctness, most trusted first. */
    public static final List<LabelKind> DEFAULT_PRECEDENCE = List.of(values());

    private final String id;

    LabelKind(String id) {
        this.id = id;
    }

    /** The kind as written in a labeller and in the API: {@code gold}, {@code human}, {@code judge}, {@code user-feedback}. */
    public String id() {
        return id;
    }

    /** The kind of its id, case-insensitive; throws IllegalArgumentException naming the ids when there is none. */
    public static LabelKind of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (LabelKind k : values()) if (k.id.equals(wanted)) return k;
        throw new IllegalArgumentException("'" + id + "' is not one of gold, human, judge, user-feedback");
    }

    /**
     * The kind of a labeller: {@code human} or {@code human:<name>}, {@code user-feedback} or
     * {@code user-feedback:<name>}, {@code judge:<model>} (a judge always names its model). {@code gold} is not a
     * labeller: gold labels come with the answer. Throws IllegalArgumentException saying what is wrong.
     */
    public static LabelKind ofLabeller(String labeller) {
        if (labeller == null || labeller.isBlank()) throw new IllegalArgumentException("labeller is missing");
        if (labeller.length() > 200) throw new IllegalArgumentException("labeller is longer than 200 characters");
        for (int i = 0; i < labeller.length(); i++) {
            if (Character.isISOControl(labeller.charAt(i)) || Character.isWhitespace(labeller.charAt(i))) {
                throw new IllegalArgumentException("labeller contains whitespace or a control character");
            }
        }
        int colon = labeller.indexOf(':');
        String kind = colon < 0 ? labeller : labeller.substring(0, colon);
        String name = colon < 0 ? null : labeller.substring(colon + 1);
        LabelKind k;
        try {
            k = of(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("labeller '" + labeller + "' is not human[:<name>], user-feedback[:<name>] or judge:<model>");
        }
        if (k == GOLD) throw new IllegalArgumentException("labeller 'gold' is not allowed: gold labels travel with the answer");
        if (name != null && name.isEmpty()) throw new IllegalArgumentException("labeller '" + labeller + "' has an empty name after ':'");
        if (k == JUDGE && name == null) throw new IllegalArgumentException("labeller 'judge' must name its model: judge:<model>");
        return k;
    }
}

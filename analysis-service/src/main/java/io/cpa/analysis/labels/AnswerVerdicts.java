package io.cpa.analysis.labels;

import io.cpa.label.LabelKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of one answer: the latest verdict of each labeller (a second label by a labeller replaces its first),
 * and from them one verdict per kind (the headline is {@link io.cpa.label.Verdicts#headline}'s rule). Immutable; plain
 * rules, no framework.
 *
 * <p>Within a kind the verdict with the latest {@code labelledAt} decides (two human reviewers: the later review wins);
 * a tie goes to the labeller name last in order, so that the result does not depend on arrival order.
 */
public record AnswerVerdicts(List<Verdict> verdicts) {
    private static final Comparator<Verdict> WITHIN_KIND =
            Comparator.comparingLong(Verdict::labelledAtMs).thenComparing(Verdict::labeller);

    public static final AnswerVerdicts NONE = new AnswerVerdicts(List.of());

    public AnswerVerdicts {
        verdicts = List.copyOf(verdicts);
    }

    /** What a new verdict did to the answer's labels. */
    public enum Change {
        /** the first verdict of this labeller */
        ADDED,
        /** a different verdict (or the same verdict at another time) replacing this labeller's earlier one */
        REPLACED,
        /** the same verdict at the same time again: nothing changes */
        DUPLICATE
    }

    public record Applied(AnswerVerdicts verdicts, Change change) {}

    public Applied with(Verdict v) {
        List<Verdict> out = new ArrayList<>(verdicts.size() + 1);
        Change change = Change.ADDED;
        for (Verdict old : verdicts) {
            if (!old.labeller().equals(v.labeller())) {
                out.add(old);
            } else if (old.equals(v)) {
                return new Applied(this, Change.DUPLICATE);
            } else {
                change = Change.REPLACED;
            }
        }
        out.add(v);
        out.sort(Comparator.comparing(Verdict::labeller));
        return new Applied(new AnswerVerdicts(out), change);
    }

    public boolean has(String labeller) {
        return verdicts.stream().anyMatch(v -> v.labeller().equals(labeller));
    }

    public int size() {
        return verdicts.size();
    }

    /** The deciding verdict per kind that has one (never {@link LabelKind#GOLD}: gold travels with the answer). */
    public Map<LabelKind, Verdict> byKind() {
        Map<LabelKind, Verdict> out = new EnumMap<>(LabelKind.class);
        for (Verdict v : verdicts) out.merge(v.kind(), v, (a, b) -> WITHIN_KIND.compare(a, b) >= 0 ? a : b);
        return out;
    }
}

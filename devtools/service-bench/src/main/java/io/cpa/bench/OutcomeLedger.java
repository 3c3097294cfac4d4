package io.cpa.bench;

import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.SkipEvent;
import io.cpa.prompt.CertaintyPromptVariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The books of a run: every answer must end as exactly one certainty or one skip for each variant it is asked (the
 * configured variants, or the answer's own; for an answer without options their counterparts without options), or as
 * exactly one dead letter (a dead-lettered answer may keep the certainties of variants that had succeeded). Anything
 * else is a violation, named. Plain code over the records read from the topics.
 */
public final class OutcomeLedger {
    /**
     * @param outcomes   how many answers (and per variant, certainties and skips) ended how, e.g. {@code certainty
     *                   ttp-lsu}, {@code skip tool-calls}, {@code dead letter after 4 attempts}
     * @param violations every answer that did not end as it must, with what it got
     */
    public record Result(long answers, Map<String, Long> outcomes, List<String> violations) {}

    private OutcomeLedger() {}

    public static Result account(List<AnswerEvent> answers, List<CertaintyEvent> certainties, List<SkipEvent> skips,
                                 Map<String, List<String>> deadLetterReasons, List<CertaintyPromptVariant> configured) {
        // answer by answer: one skip record may stand for many answers
        skips = skips.stream().flatMap(s -> s.perAnswer().stream()).toList();
        Map<String, Map<String, Integer>> done = new HashMap<>();
        for (CertaintyEvent c : certainties) done.computeIfAbsent(c.answerId(), k -> new HashMap<>()).merge(c.variant(), 1, Integer::sum);
        for (SkipEvent s : skips) done.computeIfAbsent(s.answerId(), k -> new HashMap<>()).merge(s.variant(), 1, Integer::sum);
        Map<String, Long> outcomes = new TreeMap<>();
        for (CertaintyEvent c : certainties) outcomes.merge("certainty " + c.variant(), 1L, Long::sum);
        for (SkipEvent s : skips) outcomes.merge("skip " + s.reason(), 1L, Long::sum);
        List<String> violations = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (AnswerEvent a : answers) {
            if (seen.merge(a.answerId(), 1, Integer::sum) > 1) continue; // a redelivered copy of one answer
            Map<String, Integer> got = done.getOrDefault(a.answerId(), Map.of());
            List<String> dead = deadLetterReasons.getOrDefault(a.answerId(), List.of());
            List<String> expected = expectedVariants(a, configured);
            if (!dead.isEmpty()) {
                outcomes.merge("dead letter " + shorten(dead.get(0)), 1L, Long::sum);
                if (dead.size() > 1) violations.add(a.answerId() + ": " + dead.size() + " dead letters " + dead);
                got.forEach((v, n) -> {
                    if (n > 1 || !expected.contains(v)) violations.add(a.answerId() + ": dead letter and " + n + " x " + v);
                });
                continue;
            }
            for (String v : expected) {
                int n = got.getOrDefault(v, 0);
                if (n != 1) violations.add(a.answerId() + ": " + n + " outcomes for variant " + v + " (" + a.entrance() + ", "
                        + (a.multipleChoice() ? "multiple choice" : "free-form") + ")");
            }
            for (String v : got.keySet()) {
                if (!expected.contains(v)) violations.add(a.answerId() + ": an outcome for variant " + v + " it is not asked");
            }
        }
        return new Result(seen.size(), outcomes, violations);
    }

    static List<String> expectedVariants(AnswerEvent a, List<CertaintyPromptVariant> configured) {
        List<CertaintyPromptVariant> named = a.certaintyVariants() == null ? configured
                : a.certaintyVariants().stream().map(String::strip).map(CertaintyPromptVariant::byName).toList();
        return named.stream().map(v -> a.multipleChoice() ? v : v.withoutOptions()).distinct()
                .map(CertaintyPromptVariant::promptName).toList();
    }

    /** A reason up to its first digit-free word run, so that "after 4 attempts: 503 ..." counts as one kind. */
    static String shorten(String reason) {
        if (reason == null) return "(no reason)";
        int colon = reason.indexOf(':');
        return colon > 0 ? reason.substring(0, colon) : reason.length() > 60 ? reason.substring(0, 60) : reason;
    }
}

package io.cpa.simulator;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Latent draws of answers whose certainty has not been asked yet, by normalised question, oldest first. A certainty
 * call of variant V takes the oldest draw of that question that V has not used yet, so a client that asks several
 * variants about one answer gets replies consistent with that same answer. A draw is dropped once every variant has
 * used it. Bounded: at most {@code maxQuestions} questions (the least recently added question is evicted first) and
 * {@link #MAX_PER_QUESTION} draws per question (the oldest is evicted first). Not thread-safe: the engine serialises.
 */
final class PendingDraws {

    static final int MAX_PER_QUESTION = 64;
    /** Shortest normalised question that may match another by suffix: short texts would match by accident. */
    static final int MIN_SUFFIX_MATCH = 12;

    private static final class Pending {
        final LatentModel.Draw draw;
        final EnumSet<CertaintyVariant> used = EnumSet.noneOf(CertaintyVariant.class);

        Pending(LatentModel.Draw draw) {
            this.draw = draw;
        }
    }

    private final int maxQuestions;
    private final LinkedHashMap<String, ArrayDeque<Pending>> byQuestion = new LinkedHashMap<>();

    PendingDraws(int maxQuestions) {
        this.maxQuestions = maxQuestions;
    }

    void add(String normalisedQuestion, LatentModel.Draw draw) {
        ArrayDeque<Pending> queue = byQuestion.remove(normalisedQuestion);
        if (queue == null) queue = new ArrayDeque<>();
        byQuestion.put(normalisedQuestion, queue); // re-insert: eviction order follows the latest answer
        queue.addLast(new Pending(draw));
        if (queue.size() > MAX_PER_QUESTION) queue.removeFirst();
        if (byQuestion.size() > maxQuestions) {
            Iterator<Map.Entry<String, ArrayDeque<Pending>>> it = byQuestion.entrySet().iterator();
            it.next();
            it.remove();
        }
    }

    /**
     * Takes the oldest draw for this question not yet used by the variant. When the exact question is unknown, a
     * pending question that ends with it (an answer prompt that put an instruction before the question) or that it
     * ends with is used instead; this scan runs only on a miss.
     */
    Optional<LatentModel.Draw> take(String normalisedQuestion, CertaintyVariant variant) {
        String key = normalisedQuestion;
        if (!byQuestion.containsKey(key) && key.length() >= MIN_SUFFIX_MATCH) {
            String suffix = " " + normalisedQuestion;
            for (String candidate : byQuestion.keySet()) { // insertion order: the last match is the latest question
                boolean longer = candidate.endsWith(suffix);
                int extra = normalisedQuestion.length() - candidate.length();
                boolean shorter = candidate.length() >= MIN_SUFFIX_MATCH && extra > 0
                        && normalisedQuestion.charAt(extra - 1) == ' ' && normalisedQuestion.endsWith(candidate);
                if (longer || shorter) key = candidate;
            }
        }
        ArrayDeque<Pending> queue = byQuestion.get(key);
        if (queue == null) return Optional.empty();
        normalisedQuestion = key;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.used.add(variant)) {
                if (p.used.size() == CertaintyVariant.values().length) it.remove();
                if (queue.isEmpty()) byQuestion.remove(normalisedQuestion);
                return Optional.of(p.draw);
            }
        }
        return Optional.empty();
    }

    int questions() {
        return byQuestion.size();
    }
}

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

    Optional<LatentModel.Draw> take(String normalisedQuestion, CertaintyVariant variant) {
        ArrayDeque<Pending> queue = byQuestion.get(normalisedQuestion);
        if (queue == null) return Optional.empty();
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
